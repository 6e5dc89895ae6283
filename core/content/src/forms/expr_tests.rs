//! The expression language: parsing, printing back, evaluation, and the limits on
//! hostile input. One behaviour per test.

use std::collections::BTreeMap;

use super::*;
use proptest::prelude::*;

fn answers(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(q, v)| (q.to_string(), v.clone()))
        .collect()
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn choices(options: &[&str]) -> Value {
    Value::Choices(options.iter().map(|o| o.to_string()).collect())
}

fn eval(src: &str, given: &BTreeMap<String, Value>) -> bool {
    parse(src).expect("valid expression").eval(given)
}

fn cmp(q: &str, op: CmpOp, n: i64) -> Expr {
    Expr::Compare {
        op,
        left: Operand::Question(q.into()),
        right: Operand::Int(n),
    }
}

fn error_at(src: &str) -> (ExprError, usize) {
    let err = parse(src).expect_err("malformed expression");
    let position = err.position();
    (err, position)
}

// --- precedence and structure ---

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(
        parse("a == 1 or b == 2 and c == 3").unwrap(),
        Expr::Or(vec![
            cmp("a", CmpOp::Eq, 1),
            Expr::And(vec![cmp("b", CmpOp::Eq, 2), cmp("c", CmpOp::Eq, 3)]),
        ])
    );
}

#[test]
fn not_binds_tighter_than_and() {
    assert_eq!(
        parse("not a == 1 and b == 2").unwrap(),
        Expr::And(vec![
            Expr::Not(Box::new(cmp("a", CmpOp::Eq, 1))),
            cmp("b", CmpOp::Eq, 2),
        ])
    );
}

#[test]
fn parentheses_override_precedence() {
    assert_eq!(
        parse("(a == 1 or b == 2) and c == 3").unwrap(),
        Expr::And(vec![
            Expr::Or(vec![cmp("a", CmpOp::Eq, 1), cmp("b", CmpOp::Eq, 2)]),
            cmp("c", CmpOp::Eq, 3),
        ])
    );
    let given = answers(&[("a", Value::Int(1)), ("c", Value::Int(0))]);
    assert!(!eval("(a == 1 or b == 2) and c == 3", &given));
    assert!(eval("a == 1 or b == 2 and c == 3", &given));
}

#[test]
fn chains_of_the_same_operator_are_flat() {
    let Expr::Or(terms) = parse("a == 1 or b == 1 or c == 1 or d == 1").unwrap() else {
        panic!("expected an or");
    };
    assert_eq!(terms.len(), 4);
}

#[test]
fn whitespace_is_insignificant() {
    assert_eq!(parse(" \t( a==1 )\n").unwrap(), parse("a == 1").unwrap());
}

// --- operators ---

#[test]
fn eq_matches_equal_values_of_each_type() {
    let given = answers(&[
        ("n", Value::Int(3)),
        ("t", text("yes")),
        ("b", Value::Bool(true)),
    ]);
    assert!(eval("n == 3", &given));
    assert!(eval("t == \"yes\"", &given));
    assert!(eval("b == true", &given));
    assert!(!eval("t == \"no\"", &given));
}

#[test]
fn ne_is_true_for_different_values_of_the_same_type() {
    let given = answers(&[("t", text("yes"))]);
    assert!(eval("t != \"no\"", &given));
    assert!(!eval("t != \"yes\"", &given));
}

#[test]
fn ordering_operators_compare_integers() {
    let given = answers(&[("n", Value::Int(5))]);
    assert!(eval("n < 6", &given) && !eval("n < 5", &given));
    assert!(eval("n <= 5", &given) && !eval("n <= 4", &given));
    assert!(eval("n > 4", &given) && !eval("n > 5", &given));
    assert!(eval("n >= 5", &given) && !eval("n >= 6", &given));
    assert!(eval("n > -1", &given));
}

#[test]
fn ordering_operators_are_false_on_non_integers() {
    let given = answers(&[("t", text("b"))]);
    assert!(!eval("t > \"a\"", &given));
    assert!(!eval("t < \"c\"", &given));
    assert!(!eval("t >= \"b\"", &given));
}

#[test]
fn comparisons_between_mismatched_types_are_false() {
    let given = answers(&[("n", Value::Int(1)), ("c", choices(&["a"]))]);
    assert!(!eval("n == \"1\"", &given));
    assert!(!eval("n != \"1\"", &given));
    assert!(!eval("n == true", &given));
    assert!(!eval("c == \"a\"", &given));
}

#[test]
fn two_questions_can_be_compared() {
    let given = answers(&[("a", Value::Int(2)), ("b", Value::Int(3))]);
    assert!(eval("a < b", &given));
    assert!(!eval("a == b", &given));
}

#[test]
fn and_or_not_follow_boolean_logic() {
    let given = answers(&[("a", Value::Int(1))]);
    assert!(eval("true and a == 1", &given));
    assert!(!eval("false and a == 1", &given));
    assert!(eval("false or a == 1", &given));
    assert!(!eval("false or false", &given));
    assert!(eval("not false", &given));
    assert!(eval("not not true", &given));
}

// --- functions ---

#[test]
fn answered_is_true_only_for_questions_with_a_value() {
    let given = answers(&[("a", text("no"))]);
    assert!(eval("answered(a)", &given));
    assert!(!eval("answered(b)", &given));
}

#[test]
fn selected_matches_a_single_choice() {
    let given = answers(&[("q", text("debt"))]);
    assert!(eval("selected(q, \"debt\")", &given));
    assert!(!eval("selected(q, \"fee\")", &given));
}

#[test]
fn selected_finds_an_option_among_multiple_choices() {
    let given = answers(&[("q", choices(&["debt", "fee"]))]);
    assert!(eval("selected(q, \"fee\")", &given));
    assert!(!eval("selected(q, \"threats\")", &given));
}

#[test]
fn selected_is_false_for_unanswered_and_non_choice_answers() {
    let given = answers(&[("n", Value::Int(1))]);
    assert!(!eval("selected(q, \"debt\")", &given));
    assert!(!eval("selected(n, \"1\")", &given));
}

#[test]
fn a_question_may_be_named_like_a_function_when_not_called() {
    let given = answers(&[("answered", text("x"))]);
    assert!(eval("answered == \"x\"", &given));
}

// --- unanswered questions ---

#[test]
fn comparison_with_an_unanswered_question_is_false() {
    let none = answers(&[]);
    for src in ["q == \"yes\"", "q != \"yes\"", "q < 1", "q >= 1", "q == r"] {
        assert!(!eval(src, &none), "{src}");
    }
}

#[test]
fn negated_comparison_with_an_unanswered_question_is_true() {
    assert!(eval("not (q == \"yes\")", &answers(&[])));
    assert!(eval("not q == \"yes\"", &answers(&[])));
}

// --- errors ---

#[test]
fn unterminated_string_points_at_its_opening_quote() {
    let (err, at) = error_at("q == \"yes");
    assert_eq!(err, ExprError::UnterminatedString { position: 5 });
    assert_eq!(at, 5);
    assert_eq!(err.to_string(), "unterminated string starting at 5");
    assert_eq!(error_at("q == \"a\\").1, 5);
}

#[test]
fn missing_closing_paren_points_at_the_end() {
    let (err, at) = error_at("(q == 1 and r == 2");
    assert_eq!(at, 18);
    assert_eq!(err.to_string(), "expected ')', found end of input at 18");
}

#[test]
fn unknown_function_is_named_with_its_position() {
    let (err, at) = error_at("a == 1 or foo(a)");
    assert_eq!(at, 10);
    assert_eq!(
        err.to_string(),
        "unknown function 'foo' at 10 (expected answered or selected)"
    );
}

#[test]
fn bad_character_is_reported_where_it_is() {
    let (err, at) = error_at("q == 1 & r == 2");
    assert_eq!(at, 7);
    assert_eq!(err.to_string(), "unexpected character '&' at 7");
    assert_eq!(error_at("Q == 1").1, 0);
    assert_eq!(error_at("q == é").1, 5);
}

#[test]
fn single_equals_sign_asks_for_double() {
    let (err, at) = error_at("q = 1");
    assert_eq!(at, 2);
    assert_eq!(err.to_string(), "expected '==', found '=' at 2");
}

#[test]
fn trailing_garbage_is_rejected() {
    let (err, at) = error_at("q == 1 2");
    assert_eq!(at, 7);
    assert_eq!(
        err.to_string(),
        "expected 'and', 'or' or end of input, found an integer at 7"
    );
    assert_eq!(error_at("q == 1)").1, 6);
}

#[test]
fn empty_input_is_rejected() {
    for src in ["", "   "] {
        let (err, at) = error_at(src);
        assert_eq!(at, src.len());
        assert!(
            err.to_string()
                .starts_with("expected a condition, found end of input")
        );
    }
}

#[test]
fn bare_question_needs_a_comparison() {
    let (err, at) = error_at("q and r == 1");
    assert_eq!(at, 2);
    assert_eq!(
        err.to_string(),
        "expected a comparison operator, found 'and' at 2"
    );
}

#[test]
fn malformed_calls_are_rejected() {
    assert_eq!(error_at("answered(\"q\")").1, 9);
    assert_eq!(error_at("selected(q)").1, 10);
    assert_eq!(error_at("selected(q, 1)").1, 12);
    assert_eq!(error_at("answered(q").1, 10);
}

#[test]
fn invalid_escape_and_out_of_range_integer_are_rejected() {
    assert_eq!(
        error_at("q == \"a\\n\"").0,
        ExprError::InvalidEscape { position: 7 }
    );
    assert_eq!(
        error_at("q == 9223372036854775808").0,
        ExprError::IntegerOutOfRange { position: 5 }
    );
    assert!(parse("q == -9223372036854775808").is_ok());
}

#[test]
fn errors_never_echo_string_contents() {
    let err = parse("q == \"secret name\" \"other secret\"").unwrap_err();
    assert!(!err.to_string().contains("secret"));
}

// --- limits ---

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    let src = format!("{}q == 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(parse(&src).is_ok());
    assert!(parse(&format!("{}true", "not ".repeat(MAX_DEPTH))).is_ok());
}

#[test]
fn nesting_past_the_limit_is_a_typed_error() {
    let depth = MAX_DEPTH + 1;
    let src = format!("{}q == 1{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(
        parse(&src),
        Err(ExprError::TooDeep {
            position: MAX_DEPTH
        })
    );
    let nots = format!("{}true", "not ".repeat(depth));
    assert!(matches!(parse(&nots), Err(ExprError::TooDeep { .. })));
}

#[test]
fn deep_input_at_the_size_limit_does_not_overflow_the_stack() {
    let src = "(".repeat(MAX_SOURCE_BYTES);
    assert!(matches!(parse(&src), Err(ExprError::TooDeep { .. })));
}

#[test]
fn source_up_to_the_size_limit_is_accepted() {
    let term = "q == 1 or ";
    let mut src = term.repeat((MAX_SOURCE_BYTES - 6) / term.len());
    src.push_str("q == 1");
    src.push_str(&" ".repeat(MAX_SOURCE_BYTES - src.len()));
    assert_eq!(src.len(), MAX_SOURCE_BYTES);
    assert!(parse(&src).is_ok());
}

#[test]
fn source_past_the_size_limit_is_a_typed_error() {
    let src = " ".repeat(MAX_SOURCE_BYTES + 1);
    let err = parse(&src).unwrap_err();
    assert_eq!(
        err,
        ExprError::TooLong {
            len: MAX_SOURCE_BYTES + 1
        }
    );
    assert_eq!(err.position(), MAX_SOURCE_BYTES);
}

// --- questions() ---

#[test]
fn questions_collects_every_referenced_id_once() {
    let expr =
        parse("a == b or not (answered(c) and selected(d, \"x\")) or 1 < e or a == \"f\" or true")
            .unwrap();
    assert_eq!(
        expr.questions(),
        ["a", "b", "c", "d", "e"].into_iter().collect()
    );
}

#[test]
fn questions_is_empty_for_constants() {
    assert!(parse("true or 1 == 2").unwrap().questions().is_empty());
}

// --- Display ---

#[test]
fn display_is_minimal_and_canonical() {
    let cases = [
        ("(a==1)", "a == 1"),
        (
            "a == 1 or (b == 2 and c == 3)",
            "a == 1 or b == 2 and c == 3",
        ),
        (
            "(a == 1 or b == 2) and c == 3",
            "(a == 1 or b == 2) and c == 3",
        ),
        (
            "a == 1 and (b == 2 and c == 3)",
            "a == 1 and (b == 2 and c == 3)",
        ),
        ("not (a == 1)", "not a == 1"),
        ("not (a == 1 or true)", "not (a == 1 or true)"),
        (
            "selected( q ,\"say \\\"hi\\\" \\\\\" )",
            "selected(q, \"say \\\"hi\\\" \\\\\")",
        ),
        ("answered(q) and n >= -3", "answered(q) and n >= -3"),
    ];
    for (src, shown) in cases {
        assert_eq!(parse(src).unwrap().to_string(), shown, "{src}");
    }
}

// --- properties ---

fn question_id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,6}".prop_filter("keywords are not question ids", |id| {
        !matches!(id.as_str(), "and" | "or" | "not" | "true" | "false")
    })
}

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        question_id().prop_map(Operand::Question),
        "[a-z \"\\\\é]{0,8}".prop_map(Operand::Text),
        any::<i64>().prop_map(Operand::Int),
        any::<bool>().prop_map(Operand::Bool),
    ]
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop_oneof![
        Just(CmpOp::Eq),
        Just(CmpOp::Ne),
        Just(CmpOp::Lt),
        Just(CmpOp::Le),
        Just(CmpOp::Gt),
        Just(CmpOp::Ge),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Expr::Const),
        (cmp_op(), operand(), operand()).prop_map(|(op, left, right)| Expr::Compare {
            op,
            left,
            right
        }),
        question_id().prop_map(Expr::Answered),
        (question_id(), "[a-z \"\\\\]{0,8}")
            .prop_map(|(question, option)| Expr::Selected { question, option }),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
            proptest::collection::vec(inner.clone(), 2..5).prop_map(Expr::And),
            proptest::collection::vec(inner, 2..5).prop_map(Expr::Or),
        ]
    })
}

proptest! {
    #[test]
    fn parse_never_panics_on_arbitrary_strings(src in any::<String>()) {
        let _ = parse(&src);
    }

    #[test]
    fn parse_never_panics_on_grammar_like_strings(
        src in "[a-z0-9 ()\",\\\\=!<>-]{0,80}|(not |\\(|and |or |selected\\(q, |answered\\(){0,40}[a-z0-9 ()\"=]{0,10}"
    ) {
        if let Err(err) = parse(&src) {
            prop_assert!(err.position() <= src.len().max(MAX_SOURCE_BYTES));
        }
    }

    #[test]
    fn display_then_parse_gives_back_the_same_expression(e in expr()) {
        let shown = e.to_string();
        if shown.len() > MAX_SOURCE_BYTES {
            prop_assert_eq!(parse(&shown), Err(ExprError::TooLong { len: shown.len() }));
        } else {
            prop_assert_eq!(parse(&shown), Ok(e), "{}", shown);
        }
    }

    #[test]
    fn questions_of_a_parsed_expression_survive_display(e in expr()) {
        let shown = e.to_string();
        prop_assume!(shown.len() <= MAX_SOURCE_BYTES);
        let reparsed = parse(&shown).unwrap();
        prop_assert_eq!(reparsed.questions(), e.questions());
    }
}
