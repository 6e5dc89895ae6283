//! Version vectors: for each device, the highest sequence number up to which a party
//! holds that device's log without a hole.
//!
//! Owns the comparison of what two parties hold. It knows nothing about envelopes'
//! content or keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::team::DeviceId;

/// Highest contiguous sequence held per device. A device that is absent is at 0
/// (nothing held); zeros are never stored, so two equal vectors compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct VersionVector(BTreeMap<DeviceId, u64>);

impl VersionVector {
    pub fn new() -> Self {
        VersionVector::default()
    }

    /// The highest contiguous sequence held for `device` (0 if none).
    pub fn get(&self, device: DeviceId) -> u64 {
        self.0.get(&device).copied().unwrap_or(0)
    }

    /// Sets the sequence held for `device` (0 removes it).
    pub fn set(&mut self, device: DeviceId, seq: u64) {
        if seq == 0 {
            self.0.remove(&device);
        } else {
            self.0.insert(device, seq);
        }
    }

    /// Raises the sequence held for `device` to at least `seq`.
    pub fn raise(&mut self, device: DeviceId, seq: u64) {
        if seq > self.get(device) {
            self.0.insert(device, seq);
        }
    }

    /// What this party holds that `other` lacks: for each device where `self` is
    /// ahead, `(device, after)` with `after = other.get(device)`, so the envelopes
    /// `after + 1 ..= self.get(device)` are the ones to send. Ordered by device.
    ///
    /// `{a: 5, b: 2}.missing_from({a: 3, b: 4, c: 1}) == [(a, 3)]`.
    pub fn missing_from(&self, other: &VersionVector) -> Vec<(DeviceId, u64)> {
        self.0
            .iter()
            .filter(|&(d, &seq)| seq > other.get(*d))
            .map(|(d, _)| (*d, other.get(*d)))
            .collect()
    }

    /// How many envelopes `other` lacks that this party holds.
    pub fn count_missing_from(&self, other: &VersionVector) -> u64 {
        self.0
            .iter()
            .map(|(d, &seq)| seq.saturating_sub(other.get(*d)))
            .fold(0u64, u64::saturating_add)
    }

    /// True when this party holds everything `other` holds.
    pub fn covers(&self, other: &VersionVector) -> bool {
        other.0.iter().all(|(d, &seq)| self.get(*d) >= seq)
    }

    /// The pointwise maximum: what two parties hold together.
    pub fn merge(&mut self, other: &VersionVector) {
        for (d, &seq) in &other.0 {
            self.raise(*d, seq);
        }
    }

    /// Devices with at least one envelope held, and their sequence, by device.
    pub fn iter(&self) -> impl Iterator<Item = (DeviceId, u64)> + '_ {
        self.0.iter().map(|(d, s)| (*d, *s))
    }

    /// Number of devices with at least one envelope held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Total envelopes held.
    pub fn total(&self) -> u64 {
        self.0.values().fold(0u64, |a, &s| a.saturating_add(s))
    }
}

impl FromIterator<(DeviceId, u64)> for VersionVector {
    fn from_iter<I: IntoIterator<Item = (DeviceId, u64)>>(iter: I) -> Self {
        let mut v = VersionVector::new();
        for (d, s) in iter {
            v.raise(d, s);
        }
        v
    }
}

impl<'de> Deserialize<'de> for VersionVector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = BTreeMap::<DeviceId, u64>::deserialize(d)?;
        map.retain(|_, seq| *seq > 0);
        Ok(VersionVector(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(n: u8) -> DeviceId {
        DeviceId([n; 16])
    }

    #[test]
    fn missing_from_lists_what_the_other_lacks_and_where_it_stops() {
        let mine: VersionVector = [(dev(1), 5), (dev(2), 2)].into_iter().collect();
        let theirs: VersionVector = [(dev(1), 3), (dev(2), 4), (dev(3), 1)]
            .into_iter()
            .collect();
        assert_eq!(mine.missing_from(&theirs), vec![(dev(1), 3)]);
        assert_eq!(theirs.missing_from(&mine), vec![(dev(2), 2), (dev(3), 0)]);
        assert_eq!(mine.count_missing_from(&theirs), 2);
        assert!(!mine.covers(&theirs));
        let mut both = mine.clone();
        both.merge(&theirs);
        assert!(both.covers(&mine) && both.covers(&theirs));
        assert_eq!(both.total(), 10);
    }

    #[test]
    fn zero_entries_are_absent_in_memory_and_on_the_wire() {
        let mut v = VersionVector::new();
        v.set(dev(1), 0);
        assert!(v.is_empty());
        let map: BTreeMap<DeviceId, u64> = [(dev(1), 0), (dev(2), 7)].into_iter().collect();
        let bytes = postcard::to_allocvec(&map).unwrap();
        let decoded: VersionVector = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(decoded, [(dev(2), 7)].into_iter().collect());
    }
}
