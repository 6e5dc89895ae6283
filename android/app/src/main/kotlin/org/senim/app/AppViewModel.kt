package org.senim.app

import android.app.Application
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
        buildBanner = if (BuildConfig.DEMO) AppController.DEMO_BUILD_BANNER else null,
    )

    override val phase get() = controller.phase
    override val buildBanner get() = controller.buildBanner
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
