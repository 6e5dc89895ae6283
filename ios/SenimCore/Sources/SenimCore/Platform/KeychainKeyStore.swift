import CryptoKit
import Foundation
import Security

/// The device-bound secret of a vault, kept by the iOS Keychain.
///
/// For each label the core asks for, a random 32-byte secret is made here and kept as a
/// generic-password item (service `org.senim.keystore`, account = the label) that is
/// readable only while the device is unlocked and never leaves this device
/// (`kSecAttrAccessibleWhenUnlockedThisDeviceOnly`: not in backups, not in iCloud
/// Keychain, not migrated to a new phone).
///
/// Where the device has a Secure Enclave, the item holds the secret encrypted (ECIES,
/// P-256, AES-GCM) to a private key that is generated inside the Secure Enclave and can
/// never be exported: a copy of the Keychain alone does not give the secret. The
/// simulator and devices without a Secure Enclave keep the secret in the Keychain item
/// itself, still this-device-only.
///
/// An existing label is refused by ``createSecret(label:)``: the core never replaces a
/// vault's secret, and neither may a caller. ``deleteSecret(label:)`` (a panic wipe)
/// deletes the item and its Secure Enclave key.
///
/// It also supplies the boot clock the unlock throttle runs on (``bootTime()``, ADR
/// 0020): the continuous clock with the boot session (``BootClock``), so setting the
/// device's clock changes no wait and a reboot starts one again.
///
/// Errors are `SenimError.KeyStore`
/// (`SenimError.InvalidInput` for a label that is not one) with a reason that names no
/// secret. Thread-safe.
public final class KeychainKeyStore: KeyStore, @unchecked Sendable {
    // Sendable: the stored properties are immutable and the lock guards the
    // check-then-add of createSecret; the Keychain itself is thread-safe.

    private let service: String
    private let useSecureEnclave: Bool
    private let lock = NSLock()
    private let clock = BootClock()

    /// - Parameters:
    ///   - service: the Keychain service the items are filed under.
    ///   - useSecureEnclave: wrap the secrets with a Secure Enclave key when the device
    ///     has one (the default). Turn it off only for tests.
    public init(service: String = "org.senim.keystore", useSecureEnclave: Bool = true) {
        self.service = service
        self.useSecureEnclave = useSecureEnclave && SecureEnclave.isAvailable
    }

    public func createSecret(label: String) throws -> Data {
        try Self.check(label)
        lock.lock()
        defer { lock.unlock() }

        if try storedItem(label) != nil {
            throw Self.failure("a secret already exists for this label")
        }
        var secret = try Self.randomBytes(Self.secretBytes)
        defer { secret.resetBytes(in: 0..<secret.count) }

        let stored: Data
        if useSecureEnclave {
            // A key left under this tag by a creation that never stored its item
            // protects nothing: replace it.
            deleteEnclaveKey(label)
            let privateKey = try createEnclaveKey(label)
            do {
                stored = Data([Format.enclaveWrapped.rawValue]) + (try Self.seal(secret, to: privateKey))
            } catch {
                deleteEnclaveKey(label)
                throw error
            }
        } else {
            stored = Data([Format.plain.rawValue]) + secret
        }

        var item = baseQuery(label)
        item[kSecValueData as String] = stored
        item[kSecAttrAccessible as String] = kSecAttrAccessibleWhenUnlockedThisDeviceOnly
        item[kSecAttrSynchronizable as String] = false
        let status = SecItemAdd(item as CFDictionary, nil)
        guard status == errSecSuccess else {
            if useSecureEnclave { deleteEnclaveKey(label) }
            if status == errSecDuplicateItem {
                throw Self.failure("a secret already exists for this label")
            }
            throw Self.failure("the Keychain refused the new secret", status)
        }
        return Data(secret)
    }

    public func secret(label: String) throws -> Data? {
        try Self.check(label)
        guard let stored = try storedItem(label) else { return nil }
        guard let format = stored.first.flatMap(Format.init(rawValue:)) else {
            throw Self.failure("the stored secret is damaged")
        }
        let payload = stored.dropFirst()
        switch format {
        case .plain:
            guard payload.count == Self.secretBytes else {
                throw Self.failure("the stored secret is damaged")
            }
            return Data(payload)
        case .enclaveWrapped:
            guard let privateKey = try enclaveKey(label) else {
                throw Self.failure("the Secure Enclave no longer holds the key of this device's secret")
            }
            let secret = try Self.open(Data(payload), with: privateKey)
            guard secret.count == Self.secretBytes else {
                throw Self.failure("the stored secret is damaged")
            }
            return secret
        }
    }

    /// Deletes the label's Keychain item and its Secure Enclave key (a panic wipe). A
    /// label with nothing stored is not an error. Both are tried; the item's failure is
    /// thrown first.
    public func deleteSecret(label: String) throws {
        try Self.check(label)
        lock.lock()
        defer { lock.unlock() }

        let itemStatus = SecItemDelete(baseQuery(label) as CFDictionary)
        // Without a Secure Enclave (the simulator) no key was made for the item.
        let keyStatus = useSecureEnclave ? deleteEnclaveKey(label) : errSecSuccess
        switch itemStatus {
        case errSecSuccess, errSecItemNotFound:
            break
        case errSecInteractionNotAllowed:
            throw Self.failure("the Keychain is unavailable while the device is locked", itemStatus)
        default:
            throw Self.failure("the Keychain could not delete the secret", itemStatus)
        }
        guard keyStatus == errSecSuccess || keyStatus == errSecItemNotFound else {
            throw Self.failure("the Secure Enclave key could not be deleted", keyStatus)
        }
    }

    /// Time since boot, sleep included, and this boot's name: never the wall clock.
    public func bootTime() throws -> BootTime {
        clock.read()
    }

    // MARK: - Keychain items

    private enum Format: UInt8 {
        case plain = 0
        case enclaveWrapped = 1
    }

    private func baseQuery(_ label: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: label,
            // Also makes queries use the data-protection keychain on every platform.
            kSecUseDataProtectionKeychain as String: true,
        ]
    }

    private func storedItem(_ label: String) throws -> Data? {
        var query = baseQuery(label)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        switch status {
        case errSecSuccess:
            guard let data = result as? Data else {
                throw Self.failure("the Keychain returned no data")
            }
            return data
        case errSecItemNotFound:
            return nil
        case errSecInteractionNotAllowed:
            throw Self.failure("the Keychain is unavailable while the device is locked", status)
        default:
            throw Self.failure("the Keychain could not be read", status)
        }
    }

    // MARK: - Secure Enclave

    private func tag(_ label: String) -> Data {
        Data("\(service).enclave.\(label)".utf8)
    }

    private func createEnclaveKey(_ label: String) throws -> SecKey {
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            nil,
            kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
            .privateKeyUsage,
            &error
        ) else {
            throw Self.failure("the Secure Enclave key's access control could not be made")
        }
        let attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecAttrTokenID as String: kSecAttrTokenIDSecureEnclave,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: tag(label),
                kSecAttrAccessControl as String: access,
            ] as [String: Any],
        ]
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            throw Self.failure("the Secure Enclave could not make a key")
        }
        return key
    }

    private func enclaveKey(_ label: String) throws -> SecKey? {
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrApplicationTag as String: tag(label),
            kSecAttrTokenID as String: kSecAttrTokenIDSecureEnclave,
            kSecReturnRef as String: true,
        ]
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        switch status {
        case errSecSuccess:
            guard let result, CFGetTypeID(result) == SecKeyGetTypeID() else {
                throw Self.failure("the Keychain returned something other than a key")
            }
            return (result as! SecKey)
        case errSecItemNotFound:
            return nil
        default:
            throw Self.failure("the Secure Enclave key could not be read", status)
        }
    }

    @discardableResult
    private func deleteEnclaveKey(_ label: String) -> OSStatus {
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag(label),
            kSecAttrTokenID as String: kSecAttrTokenIDSecureEnclave,
        ]
        return SecItemDelete(query as CFDictionary)
    }

    private static let algorithm = SecKeyAlgorithm.eciesEncryptionCofactorVariableIVX963SHA256AESGCM

    private static func seal(_ secret: Data, to privateKey: SecKey) throws -> Data {
        guard let publicKey = SecKeyCopyPublicKey(privateKey),
              SecKeyIsAlgorithmSupported(publicKey, .encrypt, algorithm) else {
            throw failure("the Secure Enclave key cannot encrypt")
        }
        var error: Unmanaged<CFError>?
        guard let sealed = SecKeyCreateEncryptedData(publicKey, algorithm, secret as CFData, &error) else {
            throw failure("the secret could not be encrypted to the Secure Enclave key")
        }
        return sealed as Data
    }

    private static func open(_ sealed: Data, with privateKey: SecKey) throws -> Data {
        var error: Unmanaged<CFError>?
        guard let secret = SecKeyCreateDecryptedData(privateKey, algorithm, sealed as CFData, &error) else {
            throw failure("the stored secret could not be decrypted by the Secure Enclave (altered, or another device's)")
        }
        return secret as Data
    }

    // MARK: - Helpers

    private static let secretBytes = 32
    private static let maxLabel = 128

    /// What the core promises: ASCII letters, digits, `-` and `_`.
    private static func check(_ label: String) throws {
        let valid = !label.isEmpty && label.utf8.count <= maxLabel && label.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
        guard valid else {
            throw SenimError.InvalidInput(field: "key store label", reason: "ASCII letters, digits, - and _ only")
        }
    }

    private static func randomBytes(_ count: Int) throws -> Data {
        var bytes = Data(count: count)
        let status = bytes.withUnsafeMutableBytes { buffer in
            SecRandomCopyBytes(kSecRandomDefault, count, buffer.baseAddress!)
        }
        guard status == errSecSuccess else {
            throw failure("no random bytes from the system", status)
        }
        return bytes
    }

    private static func failure(_ reason: String, _ status: OSStatus? = nil) -> SenimError {
        if let status {
            return SenimError.KeyStore(reason: "\(reason) (OSStatus \(status))")
        }
        return SenimError.KeyStore(reason: reason)
    }
}
