package org.senim.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.text.TextLayoutResult
import androidx.compose.ui.unit.Density
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.Locale
import java.util.concurrent.CopyOnWriteArrayList
import javax.imageio.ImageIO
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import org.senim.app.AppController
import org.senim.app.LanguagePreference
import org.senim.app.Words
import org.senim.app.VaultHome
import org.senim.core.JavaHttpTransport
import org.senim.core.KeyStore
import org.senim.core.MemoryKeyStore
import org.senim.core.Native
import org.senim.core.SenimException
import org.senim.core.SenimVault
import org.senim.core.SyncTransport
import org.senim.core.WipeSummary
import org.senim.core.wipeVaultAt
import org.senim.presentation.Clock
import org.senim.presentation.PanicWipe

/**
 * The phone's vault on the JVM: a directory, the in-memory key store, java.net.http
 * for the hub; what `Vaults` is on Android, with the real native library.
 */
class JvmVaults(dir: Path, override val keyStore: KeyStore = MemoryKeyStore()) : VaultHome {
    override val path: String = dir.toString()
    override val transport: SyncTransport = JavaHttpTransport()

    @Volatile
    var vault: SenimVault? = null
        private set

    override fun pinnedTransport(hubPin: String?): SyncTransport = transport

    override fun open(): SenimVault? {
        vault?.let { return it }
        return try {
            SenimVault.open(path, keyStore).also { vault = it }
        } catch (_: SenimException.NoVault) {
            null
        }
    }

    override suspend fun create(passcode: ByteArray): SenimVault = SenimVault.create(path, passcode, keyStore).also { vault = it }

    override suspend fun createDemo(seed: ULong, records: UInt): SenimVault =
        SenimVault.createDemo(path, seed, records).also { vault = it }

    override val panicWipe: PanicWipe = object : PanicWipe {
        override suspend fun wipe(): WipeSummary = vault?.wipe() ?: wipeVaultAt(path, keyStore)
        override suspend fun wipeAgain(): WipeSummary = wipeVaultAt(path, keyStore)
    }

    override fun forget() {
        vault?.let { runCatching { it.close() } }
        vault = null
    }

    override fun lockInBackground() {
        vault?.let { runCatching { it.lock() } }
    }
}

/** The app's language in a file (what Android keeps in its shared preferences). */
class FileLanguagePreference(private val file: Path) : LanguagePreference {
    override fun load(): String? = if (Files.exists(file)) Files.readString(file).trim().ifEmpty { null } else null

    override fun save(tag: String?) {
        if (tag == null) Files.deleteIfExists(file) else Files.writeString(file, tag)
    }
}

/** The system back as a test presses it: the handler composed last that is enabled. */
class TestBack : SystemBack {
    private class Entry(val enabled: () -> Boolean, val onBack: () -> Unit, val onHeld: (() -> Unit)? = null)

    private val handlers = CopyOnWriteArrayList<Entry>()

    @Composable
    override fun Handler(enabled: Boolean, onBack: () -> Unit) {
        val on by rememberUpdatedState(enabled)
        val action by rememberUpdatedState(onBack)
        DisposableEffect(Unit) {
            val entry = Entry({ on }, { action() })
            handlers += entry
            onDispose { handlers -= entry }
        }
    }

    @Composable
    override fun HeldHandler(enabled: Boolean, onBack: () -> Unit, onHeld: () -> Unit) {
        val on by rememberUpdatedState(enabled)
        val action by rememberUpdatedState(onBack)
        val held by rememberUpdatedState(onHeld)
        DisposableEffect(Unit) {
            val entry = Entry({ on }, { action() }, { held() })
            handlers += entry
            onDispose { handlers -= entry }
        }
    }

    /** Presses back: false when no screen takes it (Android would leave the app). */
    fun press(): Boolean {
        val entry = handlers.lastOrNull { it.enabled() } ?: return false
        entry.onBack()
        return true
    }

    /**
     * Holds the back gesture past [HELD_BACK_MILLIS]: the held action of the handler
     * that takes back, or its back where it has none.
     */
    fun hold(): Boolean {
        val entry = handlers.lastOrNull { it.enabled() } ?: return false
        (entry.onHeld ?: entry.onBack)()
        return true
    }
}

/** The camera: reads whatever code the test holds up to it next. */
class TestCamera : QrScanner {
    @Volatile
    var next: String? = null
    val prompts = CopyOnWriteArrayList<String>()

    @Composable
    override fun rememberScan(onScanned: (String) -> Unit): (prompt: String) -> Unit {
        val deliver by rememberUpdatedState(onScanned)
        return { prompt ->
            prompts += prompt
            next?.let { deliver(it) }
        }
    }
}

/** The app languages the screens are drawn in. */
val LANGUAGES = listOf("en", "ru", "kk")

/** A phone's screen: 360 x 800 dp, drawn at 2 pixels a dp. */
const val WIDTH_DP = 360
const val HEIGHT_DP = 800
const val PX_PER_DP = 2f

/**
 * One click-through of the app in one language: the app over a vault in a fresh
 * directory, the test's back and camera, and [shot] writing each screen passed to
 * `<senim.screenshots>/<lang>/<flow>-<nn>-<screen>.png` after checking that no text on
 * it is clipped or overflows its container.
 */
class AppUnderTest(val flow: String, val lang: String, val ui: SkikoComposeUiTest, prepare: (vaultDir: Path) -> Unit = {}) {
    val root: Path = Files.createTempDirectory("senim-ui")
    val vaults = JvmVaults(root.resolve("vault"))

    // What the vault's directory holds before the app first looks (a vault from before).
    init {
        prepare(root.resolve("vault"))
    }
    val back = TestBack()
    val camera = TestCamera()
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /** The app's language, kept in a file as Android keeps it in its preferences. */
    val language = FileLanguagePreference(root.resolve("app-language"))

    /** The words the screens show in [lang], from the same catalog, for finding them. */
    val words = Words.of(lang)

    // A phone whose system language is `lang`: the app follows it until the worker picks one.
    val app = AppController(
        vaults,
        scope,
        Dispatchers.IO,
        Clock.MONOTONIC,
        demoBuild = true,
        language = language,
        phoneLanguages = { listOf(lang) },
    )
    private var shots = 0

    fun start() {
        ui.setContent {
            SenimTheme { SenimApp(app, back, camera) }
        }
    }

    /** Waits (real time: the library works on other threads) until [text] is on the screen. */
    fun waitFor(text: String, substring: Boolean = true, timeoutMs: Long = 30_000) {
        ui.waitUntil("\"$text\" on the screen", timeoutMs) {
            ui.onAllNodes(hasText(text, substring = substring), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()
        }
    }

    fun shot(screen: String) {
        ui.waitForIdle()
        // The screen and any dialog or menu over it (each a root of its own).
        val problems = ui.onAllNodes(isRoot(), useUnmergedTree = true).fetchSemanticsNodes().flatMap(::clippedTexts)
        val image = ui.captureToImage().toAwtImage()
        val dir = File(System.getProperty("senim.screenshots") ?: "target/screenshots", lang)
        dir.mkdirs()
        shots += 1
        val file = File(dir, "%s-%02d-%s.png".format(flow, shots, screen))
        ImageIO.write(image, "png", file)
        check(problems.isEmpty()) { "$flow/$screen in $lang ($file): ${problems.joinToString("; ")}" }
    }

    fun close() {
        app.close()
        scope.cancel()
        vaults.forget()
        root.toFile().deleteRecursively()
    }
}

/**
 * The texts on a screen that do not fit: cut by their own box (an ellipsis, a line
 * cut off, a single line wider than its box) or by a container narrower than the text
 * (the text's box cut at the side). Text fields scroll and are left out; a text cut at
 * the top or bottom of a scrolling list is not a fault.
 */
fun clippedTexts(root: SemanticsNode): List<String> {
    val problems = mutableListOf<String>()
    val screenWidth = root.size.width
    fun visit(node: SemanticsNode) {
        val config = node.config
        val text = config.getOrNull(SemanticsProperties.Text)?.joinToString(" ") { it.text }
        val editable = config.getOrNull(SemanticsProperties.EditableText) != null
        if (text != null && text.isNotBlank() && !editable) {
            val layouts = mutableListOf<TextLayoutResult>()
            config.getOrNull(SemanticsActions.GetTextLayoutResult)?.action?.invoke(layouts)
            val layout = layouts.firstOrNull()
            val shown = "\"${text.take(40)}\""
            if (layout != null) {
                // A pixel of slack: the box is the paragraph's size rounded to whole pixels.
                val widest = (0 until layout.lineCount).maxOfOrNull { layout.getLineRight(it) - layout.getLineLeft(it) } ?: 0f
                val overWidth = widest - layout.size.width
                val overHeight = layout.multiParagraph.height - layout.size.height
                if (overWidth > 1f || overHeight > 1f) {
                    problems += "$shown overflows its box by ${overWidth.toInt()} x ${overHeight.toInt()} px"
                }
                if ((0 until layout.lineCount).any { layout.isLineEllipsized(it) }) problems += "$shown is cut with an ellipsis"
                // A word broken across two lines: its box is narrower than the word.
                val plain = layout.layoutInput.text.text
                for (line in 0 until layout.lineCount - 1) {
                    val end = layout.getLineEnd(line)
                    if (end in 1 until plain.length && plain[end - 1].isLetterOrDigit() && plain[end].isLetterOrDigit() &&
                        wordAround(plain, end).length <= LONGEST_WORD
                    ) {
                        problems += "$shown breaks a word across lines (\"${plain.substring(0, end).takeLast(12)}|${plain.substring(end).take(12)}\")"
                    }
                }
            }
            val bounds = node.boundsInRoot
            if (node.size.width > 0 && bounds.width > 0 && bounds.width + 1 < node.size.width) {
                problems += "$shown is cut at the side (${bounds.width.toInt()} of ${node.size.width} px shown)"
            }
            if (bounds.right > screenWidth + 1 || bounds.left < -1) problems += "$shown runs off the screen"
        }
        node.children.forEach(::visit)
    }
    visit(root)
    return problems
}

/**
 * Longer runs of letters and digits are codes (a join request, a welcome, a key's
 * fingerprint), which wrap anywhere by design; a word of a language is shorter.
 */
private const val LONGEST_WORD = 30

private fun wordAround(text: String, at: Int): String {
    var start = at
    while (start > 0 && text[start - 1].isLetterOrDigit()) start--
    var end = at
    while (end < text.length && text[end].isLetterOrDigit()) end++
    return text.substring(start, end)
}

/** Runs [block] on the app at phone size in [lang], and cleans up whatever it leaves. */
@OptIn(ExperimentalTestApi::class)
fun clickThrough(flow: String, lang: String, prepare: (vaultDir: Path) -> Unit = {}, block: AppUnderTest.() -> Unit) {
    Native.ensureLoaded()
    val saved = Locale.getDefault()
    Locale.setDefault(Locale.forLanguageTag(lang))
    try {
        runSkikoComposeUiTest(
            size = Size(WIDTH_DP * PX_PER_DP, HEIGHT_DP * PX_PER_DP),
            density = Density(PX_PER_DP),
        ) {
            val app = AppUnderTest(flow, lang, this, prepare)
            try {
                app.start()
                app.block()
            } finally {
                app.close()
            }
        }
    } finally {
        Locale.setDefault(saved)
    }
}
