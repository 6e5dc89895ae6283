// The Compose screens, with no android.* import: the root (SenimApp over the AppState
// interface, with AppController holding the app's state), every screen, the theme, and
// two seams the app fills in: the system back (SystemBack) and the camera's QR scanner
// (QrScanner). :app keeps only the Android wiring (activity, Application, Keystore,
// OkHttp). CI compiles these files against Compose for desktop and clicks through them
// on the JVM (app-ui/pom.xml).
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "org.senim.app.ui"
    compileSdk = libs.versions.android.compileSdk.get().toInt()

    defaultConfig {
        minSdk = libs.versions.android.minSdk.get().toInt()
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
    }

    sourceSets {
        // The UI tests run on the JVM with Maven and Compose for desktop (pom.xml here).
        named("test") {
            java.setSrcDirs(emptyList<String>())
            kotlin.setSrcDirs(emptyList<String>())
        }
    }
}

dependencies {
    api(project(":senim"))
    api(project(":presentation"))

    implementation(libs.kotlinx.coroutines.android)
    implementation(libs.androidx.lifecycle.runtime.compose)

    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.ui.graphics)
    implementation(libs.compose.foundation)
    implementation(libs.compose.material3)

    implementation(libs.zxing.core)
}
