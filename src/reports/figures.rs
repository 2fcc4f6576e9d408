//! The report's headline figures as read from a snapshot's JSON, by JSON pointer: the rows of
//! the CSV, the figures of the printable page, and what `kpi-recount` compares with a
//! recount. Read by pointer rather than into the report's types, so that a version
//! published years ago stays readable after those types have grown.

use serde_json::Value;

/// One headline figure: its labels and where it sits in a report's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub label_ja: &'static str,
    pub label_en: &'static str,
    pub pointer: &'static str,
}

const fn figure(label_ja: &'static str, label_en: &'static str, pointer: &'static str) -> Figure {
    Figure {
        label_ja,
        label_en,
        pointer,
    }
}

/// The headline figures, in the report's order.
pub const FIGURES: &[Figure] = &[
    figure("実施商談数", "Meetings held", "/kpi/close_rate/counts/held"),
    figure("成約数", "Deals won", "/kpi/close_rate/counts/won"),
    figure("成約見込み", "Prospects", "/kpi/close_rate/counts/prospect"),
    figure(
        "商談会成約率(%)",
        "Close rate (%)",
        "/kpi/close_rate/actual_percent",
    ),
    figure(
        "商談会成約率 目標(%)",
        "Close rate target (%)",
        "/kpi/close_rate/target_percent",
    ),
    figure(
        "商談会成約率 累計(%)",
        "Cumulative close rate (%)",
        "/kpi/close_rate/cumulative_actual_percent",
    ),
    figure(
        "商談会成約率 達成率(%)",
        "Close rate achievement (%)",
        "/kpi/close_rate/achievement_percent",
    ),
    figure(
        "海外販路開拓による売上高(千円)",
        "Overseas sales (thousand yen)",
        "/kpi/overseas_sales/actual_thousand_yen",
    ),
    figure(
        "売上高 目標(千円)",
        "Overseas sales target (thousand yen)",
        "/kpi/overseas_sales/target_thousand_yen",
    ),
    figure(
        "売上高 累計(千円)",
        "Cumulative overseas sales (thousand yen)",
        "/kpi/overseas_sales/cumulative_actual_thousand_yen",
    ),
    figure(
        "売上高 累計目標(千円)",
        "Cumulative overseas sales target (thousand yen)",
        "/kpi/overseas_sales/cumulative_target_thousand_yen",
    ),
    figure(
        "外国人材の採用数(人)",
        "Foreign talent hired",
        "/kpi/foreign_talent/actual",
    ),
    figure(
        "採用数 目標(人)",
        "Foreign talent target",
        "/kpi/foreign_talent/target",
    ),
    figure(
        "採用数 累計(人)",
        "Cumulative foreign talent hired",
        "/kpi/foreign_talent/cumulative_actual",
    ),
    figure(
        "採用数 累計目標(人)",
        "Cumulative foreign talent target",
        "/kpi/foreign_talent/cumulative_target",
    ),
    figure(
        "企業・バイヤーの報告が異なる商談",
        "Meetings whose reports disagree",
        "/kpi/disagreeing_reports",
    ),
    figure(
        "企業の報告がある商談",
        "Held meetings with the company's report",
        "/kpi/data_coverage/with_company_report",
    ),
    figure(
        "バイヤーの報告がある商談",
        "Held meetings with the buyer's report",
        "/kpi/data_coverage/with_buyer_report",
    ),
    figure(
        "結果が確定した商談",
        "Held meetings with a confirmed outcome",
        "/kpi/data_coverage/with_confirmed_outcome",
    ),
    figure(
        "結果が未報告の商談",
        "Held meetings with no outcome",
        "/kpi/data_coverage/with_no_outcome",
    ),
    figure(
        "企業負担金(円)",
        "Contributions (yen)",
        "/kpi/self_financing/contributions_yen",
    ),
    figure(
        "事業費(円)",
        "Programme costs (yen)",
        "/kpi/self_financing/programme_costs_yen",
    ),
    figure(
        "補助金(円)",
        "Subsidies (yen)",
        "/kpi/self_financing/subsidies_yen",
    ),
    figure(
        "自主財源比率(%)",
        "Self-financing ratio (%)",
        "/kpi/self_financing/ratio_percent",
    ),
    figure(
        "自主財源比率 目標(%)",
        "Self-financing ratio target (%)",
        "/kpi/self_financing/target_percent",
    ),
    figure(
        "自主財源比率 累計(%)",
        "Cumulative self-financing ratio (%)",
        "/kpi/self_financing/cumulative_ratio_percent",
    ),
    figure(
        "公開した調査レポート",
        "Research briefs published",
        "/research_reach/briefs_published",
    ),
    figure(
        "調査レポートが届いた企業",
        "Companies reached by research",
        "/research_reach/companies_reached",
    ),
    figure(
        "調査レポートを読んだ企業会員",
        "Company members reached by research",
        "/research_reach/members_reached",
    ),
];

/// A figure as text: a number as JSON writes it, nothing for a figure that is `null` or
/// that the snapshot does not have.
pub fn text_of(report: &Value, figure: &Figure) -> String {
    match report.pointer(figure.pointer) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A figure that a snapshot and a recount of its year do not agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureDifference {
    pub figure: Figure,
    pub published: String,
    pub recounted: String,
}

/// The headline figures on which `published` and `recounted` differ.
pub fn differences(published: &Value, recounted: &Value) -> Vec<FigureDifference> {
    FIGURES
        .iter()
        .filter(|f| published.pointer(f.pointer) != recounted.pointer(f.pointer))
        .map(|f| FigureDifference {
            figure: *f,
            published: text_of(published, f),
            recounted: text_of(recounted, f),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_missing_or_null_figure_reads_as_nothing() {
        let report =
            json!({"kpi": {"close_rate": {"actual_percent": null, "counts": {"held": 4}}}});
        let held = FIGURES[0];
        assert_eq!(text_of(&report, &held), "4");
        assert_eq!(text_of(&report, &FIGURES[3]), "");
        assert_eq!(text_of(&json!({}), &held), "");
    }

    #[test]
    fn only_the_figures_that_moved_differ() {
        let published = json!({"kpi": {"close_rate": {"counts": {"held": 10, "won": 3}}}});
        let recounted = json!({"kpi": {"close_rate": {"counts": {"held": 10, "won": 4}}}});
        let found = differences(&published, &recounted);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (
                found[0].figure.label_en,
                found[0].published.as_str(),
                found[0].recounted.as_str()
            ),
            ("Deals won", "3", "4")
        );
        assert!(differences(&published, &published).is_empty());
    }

    #[test]
    fn every_figure_has_both_labels() {
        for f in FIGURES {
            assert!(
                !f.label_ja.is_ascii() && f.label_en.is_ascii(),
                "{}",
                f.pointer
            );
        }
    }
}
