//! An invoice's rules, without I/O: its lines' amounts and total in yen (integers, checked,
//! never floats), and where each action takes it (`issued → paid | cancelled`, both final).

use super::InvoiceStatus;
use crate::error::ApiError;
use crate::i18n::Msg;

/// What the desk does to an issued invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceAction {
    /// The payment was received.
    Pay,
    /// The invoice is withdrawn; it stays on the books, never counted.
    Cancel,
}

impl InvoiceAction {
    fn verb(self) -> &'static str {
        match self {
            InvoiceAction::Pay => "paid",
            InvoiceAction::Cancel => "cancelled",
        }
    }
}

/// Where `action` takes an invoice in `current`, or `None` if it does not apply.
pub fn next(current: InvoiceStatus, action: InvoiceAction) -> Option<InvoiceStatus> {
    match (current, action) {
        (InvoiceStatus::Issued, InvoiceAction::Pay) => Some(InvoiceStatus::Paid),
        (InvoiceStatus::Issued, InvoiceAction::Cancel) => Some(InvoiceStatus::Cancelled),
        (InvoiceStatus::Paid | InvoiceStatus::Cancelled, _) => None,
    }
}

/// [`next`], refused as a 409 problem naming the current status.
pub fn next_status(
    current: InvoiceStatus,
    action: InvoiceAction,
) -> Result<InvoiceStatus, ApiError> {
    next(current, action).ok_or_else(|| ApiError::StateConflict {
        detail: Msg::InvoiceCannotBe {
            status: current.as_str().to_owned(),
            action: action.verb(),
        },
        current_status: current.as_str().to_owned(),
    })
}

/// A line's amount: quantity × unit amount, in yen; `None` if it would overflow.
pub fn line_amount(quantity: i32, unit_amount_jpy: i64) -> Option<i64> {
    i64::from(quantity).checked_mul(unit_amount_jpy)
}

/// The invoice's total of its lines' (quantity, unit amount), in yen; `None` on overflow or
/// a negative figure.
pub fn total(lines: &[(i32, i64)]) -> Option<i64> {
    lines.iter().try_fold(0i64, |sum, &(quantity, unit)| {
        if quantity <= 0 || unit < 0 {
            return None;
        }
        sum.checked_add(line_amount(quantity, unit)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_invoice_is_paid_or_cancelled_once() {
        use InvoiceAction::*;
        use InvoiceStatus::*;
        assert_eq!(next(Issued, Pay), Some(Paid));
        assert_eq!(next(Issued, Cancel), Some(Cancelled));
        for action in [Pay, Cancel] {
            assert_eq!(next(Paid, action), None);
            assert_eq!(next(Cancelled, action), None);
        }
    }

    #[test]
    fn paying_a_cancelled_invoice_is_a_conflict_naming_its_status() {
        match next_status(InvoiceStatus::Cancelled, InvoiceAction::Pay) {
            Err(ApiError::StateConflict { current_status, .. }) => {
                assert_eq!(current_status, "cancelled")
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn the_total_is_the_sum_of_quantity_times_unit_in_whole_yen() {
        assert_eq!(total(&[(2, 30_000), (1, 15_000), (5, 3_000)]), Some(90_000));
        assert_eq!(total(&[]), Some(0));
        assert_eq!(total(&[(1, i64::MAX), (1, 1)]), None, "overflow");
        assert_eq!(total(&[(0, 100)]), None, "no line of nothing");
        assert_eq!(total(&[(1, -5)]), None, "no negative amounts");
    }
}
