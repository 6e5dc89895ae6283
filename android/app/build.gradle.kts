// The Android application: the activity, the Application with the vault's platform
// services (Android Keystore, OkHttp), and the wiring of the Compose screens of :app-ui
// (system back, the camera's QR scanner) over the core in :senim. Kotlin is compiled by
// AGP's built-in Kotlin support; the Compose compiler plugin matches its version.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "org.senim.app"
    compileSdk = libs.versions.android.compileSdk.get().toInt()

    defaultConfig {
        applicationId = "org.senim.app"
        minSdk = libs.versions.android.minSdk.get().toInt()
        targetSdk = libs.versions.android.targetSdk.get().toInt()
        versionCode = 1
        versionName = "0.1.0"

        ndk {
            // The ABIs scripts/android-libs builds.
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }

        // The permanent demo banner: on until the deploying organisation has validated
        // the screening content and builds with -Psenim.demo=false.
        val demo = (project.findProperty("senim.demo") as String?)?.toBooleanStrict() ?: true
        buildConfigField("boolean", "DEMO", demo.toString())
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
            // Signing is the organisation's: configure a release signing config (or sign
            // in Android Studio: Build > Generate Signed App Bundle / APK).
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    packaging {
        jniLibs {
            // Stored uncompressed and page-aligned in the APK, loaded in place.
            useLegacyPackaging = false
        }
        resources {
            excludes += "/META-INF/{AL2.0,LGPL2.1}"
        }
    }

    dependenciesInfo {
        // No dependency metadata block in the APK: nothing about the build leaks out.
        includeInApk = false
        includeInBundle = false
    }
}

dependencies {
    implementation(project(":senim"))
    implementation(project(":presentation"))
    // The screens; this module keeps the Android wiring.
    implementation(project(":app-ui"))

    implementation(libs.kotlinx.coroutines.android)
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.process)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)

    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.ui.graphics)
    implementation(libs.compose.foundation)
    implementation(libs.compose.material3)
    implementation(libs.compose.ui.tooling.preview)
    debugImplementation(libs.compose.ui.tooling)

    implementation(libs.zxing.core)
    // Brings an older zxing core; Gradle resolves both to the newer one above.
    implementation(libs.zxing.android.embedded)
}
