package org.senim.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.runSkikoComposeUiTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.AssessmentView
import org.senim.core.LocalText
import org.senim.core.Native
import org.senim.core.RiskLevel
import org.senim.presentation.WizardScreen

/**
 * The result's level card says its level once to the worker: the rule set's headline
 * is in the interview's language, and the app's label, in the worker's, is shown above
 * it only when that is another language (a Kazakh-speaking worker interviewing in
 * Tajik reads both; interviewing in Kazakh, the headline alone).
 */
class ResultCardTest {

    @OptIn(ExperimentalTestApi::class)
    @ParameterizedTest(name = "app {0}, interview {1}: label shown {2}")
    @CsvSource("en, en, false", "ru, ru, false", "kk, kk, false", "kk, tg, true", "ru, en, true", "uz, ru, false", "en, ru, true")
    fun `the level is said once in the worker's language`(app: String, interview: String, labelShown: Boolean) {
        Native.ensureLoaded()
        val words = Words.of(app)
        val headline = "HEADLINE in $interview"
        val assessment = AssessmentView(
            level = RiskLevel.POSSIBLE,
            headline = LocalText(headline, interview, false),
            explanation = emptyList(),
            disclaimer = LocalText("A screening aid.", interview, false),
            urgentSafety = false,
            emergency = null,
            minor = false,
            indicators = emptyList(),
            needs = emptyList(),
        )
        runSkikoComposeUiTest {
            setContent {
                CompositionLocalProvider(LocalWords provides words) {
                    Column {
                        AssessmentResult(
                            WizardScreen.Result(assessment, emptyList()),
                            language = interview,
                            working = false,
                            onRefer = { _, _ -> },
                            onDone = {},
                        )
                    }
                }
            }
            waitForIdle()
            val label = words.text("app-result-possible")
            assertEquals(1, onAllNodesWithText(headline).fetchSemanticsNodes().size, "the headline")
            assertEquals(
                if (labelShown) 1 else 0,
                onAllNodesWithText(label).fetchSemanticsNodes().size,
                "the label \"$label\"",
            )
        }
    }
}
