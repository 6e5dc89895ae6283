package org.senim.app

import android.app.Application
import android.content.Context
import android.content.res.Resources
import android.os.SystemClock
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.Dispatchers
import org.senim.presentation.Clock

/**
 * The app's state across configuration changes: the platform-free [AppController]
 * (android/app-ui) in the view model's scope, with the Android wiring: the vault of
 * [SenimApplication], the time since boot (deep sleep included) for the unlock's
 * countdown, the demo build's banner, and the lock when the app leaves the foreground.
 */
class AppViewModel(application: Application) : AndroidViewModel(application), AppState {

    private val controller = AppController(
        vaults = (application as SenimApplication).vaults,
        scope = viewModelScope,
        io = Dispatchers.IO,
        // The unlock's countdown runs on the time since boot, deep sleep included: the
        // worker cannot shorten it by setting the clock, and it ends on time after sleep.
        bootClock = Clock(SystemClock::elapsedRealtime),
        demoBuild = BuildConfig.DEMO,
        language = SharedLanguagePreference(application),
        // The phone's languages, most wanted first; read at each start, as the worker may change them.
        phoneLanguages = { Resources.getSystem().configuration.locales.toLanguageTags().split(',').filter { it.isNotBlank() } },
    )

    override val phase get() = controller.phase
    override val demoBuild get() = controller.demoBuild
    override val words get() = controller.words
    override val appLanguage get() = controller.appLanguage

    override fun chooseLanguage(tag: String?) = controller.chooseLanguage(tag)
    override val vaultBanner get() = controller.vaultBanner
    override val panic get() = controller.panic

    override fun dismissNotice() = controller.dismissNotice()

    private val background = object : DefaultLifecycleObserver {
        override fun onStop(owner: LifecycleOwner) = controller.onBackground()
    }

    init {
        ProcessLifecycleOwner.get().lifecycle.addObserver(background)
    }

    override fun onCleared() {
        ProcessLifecycleOwner.get().lifecycle.removeObserver(background)
        controller.close()
    }
}

/**
 * The app's language the worker chose, in the app's own shared preferences (private to
 * the app, outside the vault: it is needed before the unlock and holds no record).
 */
private class SharedLanguagePreference(context: Context) : LanguagePreference {
    private val preferences = context.getSharedPreferences("senim-app", Context.MODE_PRIVATE)

    override fun load(): String? = preferences.getString(KEY, null)

    override fun save(tag: String?) {
        preferences.edit().apply { if (tag == null) remove(KEY) else putString(KEY, tag) }.apply()
    }

    private companion object {
        const val KEY = "app_language"
    }
}
