// The presentation layer: view models exposing StateFlow, plain Kotlin/JVM with no
// Android dependency, so that they are unit-tested on the JVM (here with `gradle
// :presentation:test`, in CI with Maven: android/pom.xml) and rendered by the Compose
// app (and mirrored by the SwiftUI app).
//
// The view models use the generated bindings' types (org.senim.core). Those live in the
// Android library :senim, which a JVM module cannot depend on, so this module compiles
// the generated file a second time in a source set of its own, `bindings`, and only
// compiles against it: the classes in this module's jar are the presentation layer
// alone, and in the app the bindings come from :senim (with JNA's AAR), once.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.kotlin.jvm)
}

// Created before the kotlin block below names it.
val bindings: SourceSet by sourceSets.creating

java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
    sourceSets {
        named("bindings") {
            kotlin.srcDir("../senim/src/main/kotlin/org/senim/core")
        }
    }
}

dependencies {
    "bindingsImplementation"(libs.jna)
    "bindingsImplementation"(libs.kotlinx.coroutines.core)

    compileOnly(bindings.output)
    compileOnly(libs.jna)
    implementation(libs.kotlinx.coroutines.core)

    // On the JVM the tests run the bindings for real: JNA's jar (with its host
    // dispatch library) and the native library built by `cargo build -p senim-ffi`.
    testImplementation(bindings.output)
    testImplementation(libs.jna)
    testImplementation(libs.kotlinx.coroutines.test)
    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter)
    testRuntimeOnly(libs.junit.platform.launcher)
}

// The workspace's debug build, as scripts/jvm-test uses it: run
// `cargo build -p senim-ffi --lib` (and `-p senim-cli` for tests that start a hub)
// before `gradle :presentation:test`.
val workspaceDebug = rootDir.resolve("../target/debug").canonicalPath

tasks.test {
    useJUnitPlatform()
    systemProperty("jna.library.path", workspaceDebug)
    systemProperty("senim.native.dir", workspaceDebug)
    systemProperty("senim.bin", "$workspaceDebug/senim")
    systemProperty("junit.jupiter.execution.timeout.default", "120 s")
}
