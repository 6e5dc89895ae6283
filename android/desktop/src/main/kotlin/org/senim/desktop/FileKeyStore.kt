package org.senim.desktop

import java.io.IOException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.SecureRandom
import org.senim.core.BootTime
import org.senim.core.KeyStore
import org.senim.core.SenimException

/**
 * The device secret of a desktop, where there is no hardware key store: 32 random bytes
 * per label in a file of its own (`LABEL.key`, owner-only on Unix) in a directory apart
 * from the vault's, as the `senim` command's software key store keeps them, so the
 * same vault opens with `senim --vault VAULT --keystore DIR`. A copy of the vault's
 * directory alone does not open, even with the passcode; whoever copies both does, so
 * it is a weaker second factor than a phone's Keystore (docs/desktop.md).
 *
 * The boot clock the unlock throttle runs on (ADR 0020): on Linux the kernel's time
 * since boot, suspended time included (`/proc/uptime`), with the kernel's boot id;
 * elsewhere the JVM's monotonic clock under a name for this run of the app, so a
 * restart of the app starts a pending wait again from the beginning (never shortens
 * it). It never reads the wall clock.
 */
class FileKeyStore(
    private val dir: Path,
    private val clock: () -> BootTime = ::desktopBootTime,
) : KeyStore {
    private val random = SecureRandom()

    override fun createSecret(label: String): ByteArray {
        check(label)
        val secret = ByteArray(SECRET_BYTES).also(random::nextBytes)
        try {
            createPrivateDir(dir)
            val tmp = dir.resolve("$label.key.new")
            Files.deleteIfExists(tmp)
            Files.newByteChannel(tmp, setOf(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), *ownerOnlyFile()).use { ch ->
                ch.write(java.nio.ByteBuffer.wrap(secret))
            }
            Files.newByteChannel(tmp, StandardOpenOption.WRITE).use { (it as java.nio.channels.FileChannel).force(true) }
            try {
                // A hard link refuses to replace an existing secret, as a rename would not.
                Files.createLink(dir.resolve("$label.key"), tmp)
            } catch (e: FileAlreadyExistsException) {
                secret.fill(0)
                throw SenimException.KeyStore("a secret already exists for this label")
            } catch (e: UnsupportedOperationException) {
                Files.move(tmp, dir.resolve("$label.key"))
            } finally {
                Files.deleteIfExists(tmp)
            }
        } catch (e: IOException) {
            secret.fill(0)
            throw SenimException.KeyStore("the key store cannot store a secret (${e.javaClass.simpleName})")
        }
        return secret
    }

    override fun secret(label: String): ByteArray? {
        check(label)
        val bytes = try {
            Files.readAllBytes(dir.resolve("$label.key"))
        } catch (e: NoSuchFileException) {
            return null
        } catch (e: IOException) {
            throw SenimException.KeyStore("the key store cannot read a secret (${e.javaClass.simpleName})")
        }
        if (bytes.size != SECRET_BYTES) {
            bytes.fill(0)
            throw SenimException.KeyStore("the stored secret has the wrong length")
        }
        return bytes
    }

    /** Overwrites the secret's file with random bytes, flushes it, and removes it. */
    override fun deleteSecret(label: String) {
        check(label)
        for (name in listOf("$label.key", "$label.key.new")) {
            val file = dir.resolve(name)
            try {
                val size = Files.size(file).toInt().coerceIn(0, 4096)
                val noise = ByteArray(size).also(random::nextBytes)
                Files.newByteChannel(file, StandardOpenOption.WRITE).use { ch ->
                    ch.write(java.nio.ByteBuffer.wrap(noise))
                    (ch as java.nio.channels.FileChannel).force(true)
                }
                Files.delete(file)
            } catch (e: NoSuchFileException) {
                continue
            } catch (e: IOException) {
                throw SenimException.KeyStore("the key store cannot delete a secret (${e.javaClass.simpleName})")
            }
        }
    }

    override fun bootTime(): BootTime = try {
        clock()
    } catch (e: Exception) {
        throw SenimException.KeyStore("the boot clock cannot be read")
    }

    private fun check(label: String) {
        if (label.isEmpty() || label.length > 128 || !label.all { it in 'a'..'z' || it in 'A'..'Z' || it in '0'..'9' || it == '-' || it == '_' }) {
            throw SenimException.KeyStore("invalid key label")
        }
    }

    private companion object {
        const val SECRET_BYTES = 32

        val posix: Boolean = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")

        fun ownerOnlyFile(): Array<java.nio.file.attribute.FileAttribute<*>> =
            if (posix) arrayOf(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))) else emptyArray()

        fun createPrivateDir(dir: Path) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return
            dir.parent?.let { Files.createDirectories(it) }
            try {
                if (posix) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                } else {
                    Files.createDirectory(dir)
                }
            } catch (_: FileAlreadyExistsException) {
                // Made meanwhile: fine.
            }
        }
    }
}

/** A name for this run of the app, where the system names no boot. */
private val RUN_NAME: String = "desktop-run:" + java.util.UUID.randomUUID()

/** The monotonic clock's reading when this run began: its time counts from there. */
private val RUN_START_NANOS: Long = System.nanoTime()

/**
 * The desktop's boot clock: Linux's time since boot (`/proc/uptime`, which counts
 * suspended time) and boot id; elsewhere the JVM's monotonic clock for this run.
 */
fun desktopBootTime(): BootTime {
    val uptime = Path.of("/proc/uptime")
    if (Files.isReadable(uptime)) {
        val seconds = Files.readString(uptime).trim().substringBefore(' ').toBigDecimalOrNull()
        if (seconds != null) {
            val id = runCatching { Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim() }.getOrDefault("")
            return BootTime(boot = "linux-boot-id:$id", sinceBootMs = seconds.movePointRight(3).toLong().coerceAtLeast(0).toULong())
        }
    }
    return BootTime(boot = RUN_NAME, sinceBootMs = ((System.nanoTime() - RUN_START_NANOS) / 1_000_000).coerceAtLeast(0).toULong())
}
