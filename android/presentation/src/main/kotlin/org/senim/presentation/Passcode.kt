package org.senim.presentation

/**
 * A passcode being typed: a growable char buffer that zeroes what it drops, never a
 * String. Shared by the forms that take passcodes ([CreateVaultViewModel],
 * [DuressViewModel]); the bytes handed to the core ([utf8]) are zeroed by the caller.
 */
internal class PasscodeChars {
    private var buffer = CharArray(64)
    var length = 0
        private set

    fun add(c: Char) {
        if (length == buffer.size) {
            val bigger = buffer.copyOf(buffer.size * 2)
            buffer.fill('\u0000')
            buffer = bigger
        }
        buffer[length++] = c
    }

    fun remove() {
        if (length > 0) buffer[--length] = '\u0000'
    }

    fun wipe() {
        buffer.fill('\u0000')
        length = 0
    }

    /** Characters as the core counts them (a surrogate pair is one). */
    fun codePoints(): Int = Character.codePointCount(buffer, 0, length)

    /** Constant-time comparison of two passcodes. */
    fun sameAs(other: PasscodeChars): Boolean {
        if (length != other.length) return false
        var diff = 0
        for (i in 0 until length) diff = diff or (buffer[i].code xor other.buffer[i].code)
        return diff == 0
    }

    /** The passcode as UTF-8 for the core; the caller zeroes the array after use. */
    fun utf8(): ByteArray {
        val encoded = Charsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(buffer, 0, length))
        val bytes = ByteArray(encoded.remaining())
        encoded.get(bytes)
        if (encoded.hasArray()) encoded.array().fill(0)
        return bytes
    }
}
