// Top level: plugin versions only (gradle/libs.versions.toml); each module applies its own.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    // Declared here so that Kotlin 2.4 is on the build's classpath: AGP 9 compiles
    // Kotlin itself ("built-in Kotlin", no kotlin-android plugin) with the Kotlin Gradle
    // plugin it finds there, which would otherwise be the older one AGP depends on. The
    // Compose compiler plugin must match that Kotlin version.
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}
