//! The content hash of a definition: SHA-256 of its canonical JSON, the same for any
//! formatting of the same content. Forms, rule sets and services directories record it,
//! and an interview records its form's.

/// SHA-256 (hex) of the canonical JSON of `value`: object keys sorted, no whitespace.
/// Sorting is done here rather than relying on `serde_json`'s map order, which a
/// feature elsewhere in the build could change.
pub fn content_hash(value: &serde_json::Value) -> String {
    let mut out = Vec::new();
    canonical(value, &mut out);
    senim_crypto::sha256_hex(&out)
}

fn canonical(value: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            out.push(b'{');
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend(serde_json::to_string(k).unwrap_or_default().into_bytes());
                out.push(b':');
                canonical(&map[k], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(v, out);
            }
            out.push(b']');
        }
        scalar => out.extend(
            serde_json::to_string(scalar)
                .unwrap_or_default()
                .into_bytes(),
        ),
    }
}
