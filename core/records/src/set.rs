//! Sets in record documents. Lists of labels (tags, languages, consent scopes, chosen
//! options) are sets: stored in automerge as a map from element to `true`, so that
//! concurrent additions merge as a union and a removal removes only that element.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};

/// Reads a set written either as a JSON array or as the stored map `{element: true}`.
pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Ord,
{
    let v = serde_json::Value::deserialize(d)?;
    let items: Vec<serde_json::Value> = match v {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(m) => m
            .into_iter()
            .filter(|(_, present)| present.as_bool() == Some(true))
            .map(|(k, _)| serde_json::Value::String(k))
            .collect(),
        _ => return Err(serde::de::Error::custom("expected a set")),
    };
    let mut out = items
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<Vec<T>, _>>()
        .map_err(serde::de::Error::custom)?;
    out.sort();
    out.dedup();
    Ok(out)
}
