package org.senim.presentation

/**
 * A sentence of the worker's words catalog (core/l10n, `app.ftl`): its key and its
 * variables, for the screen to say in the app's language. A variable is a number (which
 * chooses a plural form), a text, or another [Sentence] (said first, then put in: "Please
 * check { the note's text }").
 */
data class Sentence(val key: String, val args: Map<String, Any> = emptyMap()) {
    constructor(key: String, vararg args: Pair<String, Any>) : this(key, args.toMap())
}
