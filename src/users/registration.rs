//! Who may register as what: the account type decides which organisation a registration
//! brings (an SME its company, a buyer its organisation, a candidate none). Pure; the store
//! writes what [`account`] decides (`store::register_account`).

use super::api::sessions::{AccountType, RegisterBuyer, RegisterCompany};
use crate::auth::Role;
use crate::codes::is_country_code;
use crate::error::ApiError;
use crate::i18n::Msg;

/// A registration, checked: the account and what it creates besides itself, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    /// A member of a new company, which starts pending approval.
    Sme {
        name_ja: String,
        name_en: String,
        industry: String,
        /// Its municipality; the host's when the registration names none.
        municipality_id: Option<uuid::Uuid>,
    },
    /// A member of a new buyer organisation, which starts unverified.
    Buyer {
        name: String,
        country: String,
    },
    Candidate,
}

impl Account {
    pub fn role(&self) -> Role {
        match self {
            Account::Sme { .. } => Role::Sme,
            Account::Buyer { .. } => Role::Buyer,
            Account::Candidate => Role::Candidate,
        }
    }
}

/// The account a registration asks for: an `sme` needs a company, a `buyer` an organisation
/// in a real country, and each refuses the other's (422 otherwise).
pub fn account(
    account_type: AccountType,
    company: Option<&RegisterCompany>,
    buyer: Option<&RegisterBuyer>,
) -> Result<Account, ApiError> {
    match (account_type, company, buyer) {
        (AccountType::Sme, Some(company), None) => Ok(Account::Sme {
            name_ja: company.name_ja.trim().to_owned(),
            name_en: company.name_en.trim().to_owned(),
            industry: company.industry.trim().to_owned(),
            municipality_id: company.municipality_id,
        }),
        (AccountType::Candidate, None, None) => Ok(Account::Candidate),
        (AccountType::Buyer, None, Some(buyer)) => {
            if !is_country_code(&buyer.country) {
                return Err(ApiError::invalid(
                    "buyer.country",
                    Msg::CountryCode { example: "TH" },
                ));
            }
            Ok(Account::Buyer {
                name: buyer.name.trim().to_owned(),
                country: buyer.country.clone(),
            })
        }
        (AccountType::Sme, _, _) => Err(ApiError::invalid("company", Msg::SmeNeedsCompany)),
        (AccountType::Buyer, _, _) => Err(ApiError::invalid("buyer", Msg::BuyerNeedsBuyer)),
        (AccountType::Candidate, _, _) => Err(ApiError::invalid(
            "account_type",
            Msg::CandidateTakesNeither,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company() -> RegisterCompany {
        RegisterCompany {
            name_ja: " 相模精工 ".into(),
            name_en: "Sagami Seiko".into(),
            industry: "machining".into(),
            municipality_id: None,
        }
    }

    fn buyer(country: &str) -> RegisterBuyer {
        RegisterBuyer {
            name: " Bangkok Parts ".into(),
            country: country.into(),
        }
    }

    fn field_of(err: ApiError) -> String {
        match err {
            ApiError::Validation(errors) => {
                errors.first().map(|e| e.field.clone()).unwrap_or_default()
            }
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn an_sme_registers_with_its_company_trimmed() {
        let account = account(AccountType::Sme, Some(&company()), None).unwrap();
        assert_eq!(account.role(), Role::Sme);
        assert!(matches!(account, Account::Sme { ref name_ja, .. } if name_ja == "相模精工"));
    }

    #[test]
    fn an_sme_without_a_company_or_with_a_buyer_is_refused() {
        let err = account(AccountType::Sme, None, None).unwrap_err();
        assert_eq!(field_of(err), "company");
        let err = account(AccountType::Sme, Some(&company()), Some(&buyer("TH"))).unwrap_err();
        assert_eq!(field_of(err), "company");
    }

    #[test]
    fn a_buyer_needs_a_real_country_code() {
        let account = account(AccountType::Buyer, None, Some(&buyer("TH"))).unwrap();
        assert_eq!(
            account,
            Account::Buyer {
                name: "Bangkok Parts".into(),
                country: "TH".into()
            }
        );
        for country in ["th", "XX", "THA"] {
            let err = account_err(AccountType::Buyer, None, Some(&buyer(country)));
            assert_eq!(field_of(err), "buyer.country", "{country}");
        }
        let err = account_err(AccountType::Buyer, Some(&company()), Some(&buyer("TH")));
        assert_eq!(field_of(err), "buyer");
    }

    #[test]
    fn a_candidate_takes_neither_company_nor_buyer() {
        assert_eq!(
            account(AccountType::Candidate, None, None).unwrap(),
            Account::Candidate
        );
        let err = account_err(AccountType::Candidate, Some(&company()), None);
        assert_eq!(field_of(err), "account_type");
    }

    fn account_err(
        account_type: AccountType,
        company: Option<&RegisterCompany>,
        buyer: Option<&RegisterBuyer>,
    ) -> ApiError {
        account(account_type, company, buyer).unwrap_err()
    }
}
