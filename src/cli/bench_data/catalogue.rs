//! The catalogue of the benchmark data: the desk member in whose name requests were
//! entered, approved companies with bilingual names, ten published capabilities each over
//! every category (indexed as the API indexes them), and verified buyers from many
//! countries.

use chrono::Duration;
use diesel::prelude::*;
use sagamihara_match::auth::password;
use sagamihara_match::capabilities::store::CapabilityRecord;
use sagamihara_match::companies::store::CompanyInsert;
use sagamihara_match::db::schema::{buyers, capabilities, capability_tags, companies, users};
use sagamihara_match::db::{self, encode_list};
use sagamihara_match::error::ApiError;
use sagamihara_match::users::store::UserInsert;

use super::tables::{
    CATEGORY_TEXT, CERTIFICATIONS, COUNTRIES, INDUSTRIES, LANGUAGES, NAME_EN, NAME_JA, QUALIFIERS,
    SUFFIX, WARDS,
};
use super::Generator;

/// The ids the fairs refer to.
pub struct Catalogue {
    pub desk_id: String,
    pub company_ids: Vec<String>,
    /// `capabilities_per_company` per company, in the order of `company_ids`.
    pub capability_ids: Vec<String>,
    pub buyer_ids: Vec<String>,
}

/// A company's name in Japanese and in English.
type Names = (String, String);

impl Generator<'_> {
    /// Writes the catalogue, in the order (and so with the ids) the seed decides.
    pub(super) fn catalogue(&mut self) -> Result<Catalogue, ApiError> {
        let desk_id = self.desk()?;
        let (company_ids, company_names) = self.companies()?;
        let capability_ids = self.capabilities(&company_ids, &company_names)?;
        let buyer_ids = self.buyers(&desk_id)?;
        Ok(Catalogue {
            desk_id,
            company_ids,
            capability_ids,
            buyer_ids,
        })
    }

    /// The desk member in whose name requests were entered; no one can log in as them.
    fn desk(&mut self) -> Result<String, ApiError> {
        let (seed, epoch) = (self.seed, self.epoch);
        let desk_id = self.rng.id(epoch);
        let hash = password::hash_blocking(&format!("bench-{seed}-not-for-login"))?;
        db::transaction(self.conn, |conn| {
            diesel::insert_into(users::table)
                .values(&UserInsert {
                    id: &desk_id,
                    email: &format!("bench-desk-{seed}@example.com"),
                    password_hash: &hash,
                    display_name: "Benchmark desk",
                    role: sagamihara_match::auth::Role::Desk,
                    company_id: None,
                    buyer_id: None,
                    created_at: epoch,
                    updated_at: epoch,
                    locale: sagamihara_match::auth::Role::Desk.default_locale(),
                    municipality_id: None,
                })
                .execute(conn)
        })?;
        Ok(desk_id)
    }

    /// Companies, approved, with bilingual names; returns their ids and names.
    fn companies(&mut self) -> Result<(Vec<String>, Vec<Names>), ApiError> {
        let (count, epoch) = (self.shape.companies, self.epoch);
        let mut company_ids = Vec::with_capacity(count);
        let mut company_names = Vec::with_capacity(count);
        for i in 0..count {
            let place = i % NAME_JA.len();
            let (suffix_ja, suffix_en) = SUFFIX[(i / NAME_JA.len()) % SUFFIX.len()];
            let number = i / (NAME_JA.len() * SUFFIX.len());
            company_ids.push(self.rng.id(epoch + Duration::minutes(i as i64)));
            company_names.push((
                format!("{}{}{}", NAME_JA[place], suffix_ja, number_ja(number)),
                format!("{} {} {}", NAME_EN[place], suffix_en, number + 1),
            ));
        }
        let rng = &mut self.rng;
        let company_rows: Vec<_> = company_ids
            .iter()
            .zip(&company_names)
            .map(|(id, (ja, en))| {
                let industry = *rng.pick(INDUSTRIES);
                (
                    CompanyInsert {
                        id,
                        name_ja: ja,
                        name_en: en,
                        industry,
                        status: sagamihara_match::companies::CompanyStatus::Approved,
                        created_at: epoch,
                        updated_at: epoch,
                        municipality_id: sagamihara_match::municipalities::HOST_ID,
                    },
                    (
                        companies::description_ja
                            .eq(format!("相模原市の{industry}向け部品メーカー")),
                        companies::description_en
                            .eq(format!("A Sagamihara parts maker for {industry}")),
                        companies::employees.eq(Some(10 + rng.below(290) as i32)),
                        companies::founded_year.eq(Some(1950 + rng.below(70) as i32)),
                        companies::ward.eq(Some(*rng.pick(WARDS))),
                        companies::certifications
                            .eq(encode_list(&[(*rng.pick(CERTIFICATIONS)).into()])),
                        companies::languages.eq(encode_list(&["ja".into(), "en".into()])),
                    ),
                )
            })
            .collect();
        self.summary.companies = db::transaction(self.conn, |conn| -> QueryResult<usize> {
            Ok(bulk_insert!(conn, companies::table, company_rows, 1_000))
        })?;
        Ok((company_ids, company_names))
    }

    /// Capabilities: ten per company, every category, published, indexed like the API does.
    /// Returns their ids, company by company.
    fn capabilities(
        &mut self,
        company_ids: &[String],
        company_names: &[Names],
    ) -> Result<Vec<String>, ApiError> {
        let mut capability_ids = Vec::new();
        let mut records = Vec::new();
        let mut tags = Vec::new();
        for (c, (company_id, names)) in company_ids.iter().zip(company_names).enumerate() {
            for j in 0..self.shape.capabilities_per_company {
                let (record, unique_tags) = self.capability(c, j, company_id, names)?;
                for t in unique_tags {
                    tags.push((
                        capability_tags::capability_id.eq(record.id.clone()),
                        capability_tags::tag.eq(t),
                    ));
                }
                capability_ids.push(record.id.clone());
                records.push(record);
            }
        }
        self.summary.capabilities = db::transaction(self.conn, |conn| -> QueryResult<usize> {
            let n = bulk_insert!(conn, capabilities::table, records, 1_000);
            bulk_insert!(conn, capability_tags::table, tags, 5_000);
            Ok(n)
        })?;
        self.summary.sample_capability_id = capability_ids
            .get(capability_ids.len() / 2)
            .cloned()
            .unwrap_or_default();
        Ok(capability_ids)
    }

    /// The `j`th capability of the `c`th company, indexed, and its tags (each once).
    fn capability(
        &mut self,
        c: usize,
        j: usize,
        company_id: &str,
        (name_ja, name_en): &Names,
    ) -> Result<(CapabilityRecord, Vec<String>), ApiError> {
        let rng = &mut self.rng;
        let (category, title_ja, title_en, tag, materials) =
            CATEGORY_TEXT[(c + j) % CATEGORY_TEXT.len()];
        let (qualifier_ja, qualifier_en) = *rng.pick(QUALIFIERS);
        let created = self.epoch + Duration::hours((c * 10 + j) as i64);
        let id = rng.id(created);
        let material = *rng.pick(materials);
        let tag_list = vec![tag.to_owned(), qualifier_en.to_owned()];
        let mut record = CapabilityRecord {
            id,
            company_id: company_id.to_owned(),
            title_ja: format!("{qualifier_ja}{title_ja}"),
            title_en: format!("{qualifier_en} {title_en}"),
            description_ja: format!(
                "{name_ja}の{qualifier_ja}{title_ja}。最小ロット{}個から対応します。",
                1 + rng.below(500)
            ),
            description_en: format!("{qualifier_en} {title_en} in {material} by {name_en}."),
            category,
            tags: encode_list(&tag_list),
            materials: encode_list(&[material.to_owned()]),
            certifications: encode_list(&[(*rng.pick(CERTIFICATIONS)).into()]),
            min_lot: Some(1 + rng.below(500) as i32),
            lead_time_days: Some(7 + rng.below(80) as i32),
            status: sagamihara_match::capabilities::CapabilityStatus::Published,
            search_primary: String::new(),
            search_secondary: String::new(),
            published_at: Some(created),
            archived_at: None,
            created_at: created,
            updated_at: created,
        };
        record.index(name_ja, name_en)?;
        let mut unique_tags = tag_list;
        unique_tags.sort();
        unique_tags.dedup();
        Ok((record, unique_tags))
    }

    /// Buyers, verified by the desk, from many countries; returns their ids.
    fn buyers(&mut self, desk_id: &str) -> Result<Vec<String>, ApiError> {
        let (count, epoch) = (self.shape.buyers, self.epoch);
        let rng = &mut self.rng;
        let mut buyer_ids = Vec::with_capacity(count);
        let mut buyer_rows = Vec::with_capacity(count);
        for i in 0..count {
            let id = rng.id(epoch + Duration::minutes(i as i64));
            let country = *rng.pick(COUNTRIES);
            let industry = *rng.pick(INDUSTRIES);
            let category = CATEGORY_TEXT[rng.below(CATEGORY_TEXT.len())].0;
            buyer_rows.push((
                buyers::id.eq(id.clone()),
                buyers::name.eq(format!("{country} {industry} buyer {}", i + 1)),
                buyers::country.eq(country),
                buyers::industry.eq(industry),
                buyers::interest_categories.eq(encode_list(&[category.as_str().to_owned()])),
                buyers::languages.eq(encode_list(&["en".into(), (*rng.pick(LANGUAGES)).into()])),
                buyers::verified_at.eq(Some(epoch)),
                buyers::verified_by.eq(Some(desk_id.to_owned())),
                buyers::created_at.eq(epoch),
                buyers::updated_at.eq(epoch),
            ));
            buyer_ids.push(id);
        }
        self.summary.buyers = db::transaction(self.conn, |conn| -> QueryResult<usize> {
            Ok(bulk_insert!(conn, buyers::table, buyer_rows, 1_000))
        })?;
        Ok(buyer_ids)
    }
}

/// 一, 二, … for the first companies of a name, then digits.
fn number_ja(n: usize) -> String {
    const DIGITS: &[&str] = &["", "第二", "第三", "第四", "第五"];
    DIGITS
        .get(n)
        .map(|d| (*d).to_owned())
        .unwrap_or_else(|| format!("第{}", n + 1))
}
