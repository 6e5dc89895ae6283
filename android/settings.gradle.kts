// Senim's Android shell, for Android Studio (AGP 9, built-in Kotlin, Jetpack Compose).
//
//   senim         Android library: the generated uniffi bindings (org.senim.core), the
//                 native libraries built by scripts/android-libs, and the platform
//                 services (Android Keystore KeyStore, OkHttp SyncTransport)
//   presentation  plain Kotlin/JVM: view models exposing StateFlow, no Android
//                 dependency (CI compiles and tests it with Maven, see pom.xml)
//   app-ui        the Compose screens (no android.* import): render the presentation
//                 state; also compiled and clicked through on the JVM (app-ui/pom.xml)
//   app           the Android application: activity, Application, platform wiring
//
// The Maven build in this directory (pom.xml) is the CI's: it compiles the generated
// bindings, the presentation layer and the screens on the JVM against the host-built
// library (the screens against Compose for desktop) and runs their tests. This
// Gradle build needs the Android SDK; see docs/mobile.md.

pluginManagement {
    repositories {
        google {
            content {
                includeGroupByRegex("com\\.android.*")
                includeGroupByRegex("com\\.google.*")
                includeGroupByRegex("androidx.*")
            }
        }
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "senim-android"

include(":senim", ":presentation", ":app-ui", ":app")
