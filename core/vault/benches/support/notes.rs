//! The synthetic outreach notes of the benchmarks (`core/vault/benches/vault.rs`,
//! `tests/benches/sync/`): 20–60 words of Russian, Kazakh and English sentences with
//! code-switching, city names and numbers, tags, places and coarse locations, from a
//! seeded generator, so every run stores the same notes.
//!
//! Included by path; each bench uses part of it.
#![allow(dead_code, reason = "included by path; each bench uses part of it")]

use chrono::{DateTime, TimeZone, Utc};
use senim_records::{CoarseLocation, OutreachNote, RecordBody};

/// SplitMix64: deterministic, so every run stores the same notes.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    pub fn id(&mut self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.next().to_le_bytes());
        out[8..].copy_from_slice(&self.next().to_le_bytes());
        out
    }
}

pub const RU: &[&str] = &[
    "Встретила женщину у ряда {n}, говорит что работодатель забрал паспорт.",
    "Работает на стройке без договора уже {n} месяцев, зарплату не платят.",
    "Живут вдесятером в вагончике на территории строительства, выходить не разрешают.",
    "Приехал из города {city} по объявлению, обещали работу на складе.",
    "Долг за дорогу и жильё растёт каждый месяц, вернуть не может.",
    "Боится обращаться в полицию, нет регистрации.",
    "Дала номер горячей линии и адрес кризисного центра.",
    "Договорились встретиться снова через неделю на том же месте.",
    "Бригадир отбирает телефоны на ночь.",
    "Говорит что паспорт хранится у хозяина рынка как гарантия.",
    "Девочка около {n} лет торгует одна допоздна, взрослых рядом нет.",
    "Жалуется на боли в спине, к врачу не отпускают.",
    "Обещали платить двести тысяч тенге, платят половину.",
    "С ним ещё {n} человек из города {city}, все на одной стройке.",
    "Просила помочь с восстановлением документов через консульство.",
    "Хозяин угрожает сообщить в миграционную службу, если она уйдёт.",
];

pub const KK: &[&str] = &[
    "Жұмыс беруші төлқұжатын алып қойған, қайтармайды.",
    "Жалақы {n} айдан бері төленбеген.",
    "Базарда таңертеңнен түнге дейін жұмыс істейді.",
    "{city} қаласынан келген, мұнда туыстары жоқ.",
    "Құрылыста келісімшартсыз жұмыс істейді.",
    "Сенім телефонының нөмірін бердім.",
    "Баспанасы жоқ, қоймада түнейді.",
    "Қарызы бар деп айтады, үйіне қайта алмайды.",
    "Келесі аптада осы жерде қайта кездесуге келістік.",
    "Дәрігерге бару керек, бірақ рұқсат бермейді.",
    "Көмек сұрады, бірақ полицияға барғысы келмейді.",
];

pub const EN: &[&str] = &[
    "Met two men near the bus station, they work at a construction site without contracts.",
    "Employer keeps her passport and pays only half of the promised wage.",
    "Recruited in {city} through a messenger group, travel debt of {n} hundred dollars.",
    "Says the supervisor locks the dormitory at night.",
    "Gave the hotline card and explained how to reach the shelter.",
    "Agreed to meet again next week at the same stall.",
    "Looks under eighteen, sells alone until late evening.",
    "No medical help after an injury on site, afraid to complain.",
    "Asked about legal aid to recover unpaid wages.",
    "Phone taken away by the foreman, calls family once a week.",
];

/// In about 0.3 % of notes: what the "rare word" query finds.
pub const RARE: &str = "Вербовщик обещал работу в теплицах за границей.";

pub const CITIES: &[&str] = &[
    "Алматы",
    "Шымкент",
    "Тараз",
    "Ташкент",
    "Бишкек",
    "Душанбе",
    "Самарканд",
    "Ош",
    "Худжанд",
    "Туркестан",
];

pub const PLACES: &[&str] = &[
    "Барахолка, ряд 7",
    "Барахолка, ряд 12",
    "Сайран автовокзалы",
    "Рынок Алтын Орда",
    "Автовокзал Саяхат",
    "Border post Zhibek Zholy",
    "Қорғас шекара бекеті",
    "Зелёный базар",
    "Construction site, Al-Farabi avenue",
    "Вокзал Алматы-2",
];

pub const TAGS: &[&str] = &[
    "passport-withheld",
    "unpaid-wages",
    "construction",
    "market",
    "minor",
    "debt",
    "housing",
    "health",
    "referral",
    "hotline",
    "recruitment",
    "border",
];

pub fn sentence(rng: &mut Rng, pool: &[&str]) -> String {
    let n = (2 + rng.below(14)).to_string();
    let city = rng.pick(CITIES);
    rng.pick(pool).replace("{n}", &n).replace("{city}", city)
}

/// An outreach note of 20-60 words (whole sentences),
/// mostly Russian, some Kazakh and English, with code-switching.
pub fn note(rng: &mut Rng) -> RecordBody {
    let primary = match rng.below(20) {
        0..=10 => RU,
        11..=15 => KK,
        _ => EN,
    };
    let target = 20 + rng.below(41);
    let mut text = String::new();
    if rng.chance(0.003) {
        text.push_str(RARE);
    }
    let mut count = text.split_whitespace().count();
    while count < target {
        let pool = if rng.chance(0.2) {
            [RU, KK, EN][rng.below(3)]
        } else {
            primary
        };
        let next = sentence(rng, pool);
        let n = next.split_whitespace().count();
        if count >= 20 && count + n > 60 {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&next);
        count += n;
    }
    let tags = (0..1 + rng.below(3))
        .map(|_| rng.pick(TAGS).to_string())
        .collect();
    let place = rng.chance(0.8).then(|| rng.pick(PLACES).to_string());
    let location = rng.chance(0.7).then(|| CoarseLocation {
        lat: 43.2 + rng.unit() * 0.1,
        lon: 76.85 + rng.unit() * 0.1,
    });
    let start = Utc
        .with_ymd_and_hms(2024, 1, 1, 8, 0, 0)
        .single()
        .expect("a valid date");
    let at: DateTime<Utc> = start + chrono::Duration::seconds(rng.below(2 * 365 * 86_400) as i64);
    RecordBody::OutreachNote(OutreachNote {
        text,
        place,
        location,
        tags,
        at,
        subject: None,
    })
}
