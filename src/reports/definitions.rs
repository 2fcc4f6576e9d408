//! What each figure of the report means, in Japanese and English, as DESIGN.md defines the
//! KPIs ("The KPIs, defined from the data") and the books' ratio. Published with the figures,
//! so a reader of an old version reads the definitions it was counted by.

use serde::Serialize;
use utoipa::ToSchema;

/// One figure's name and definition in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct KpiDefinition {
    /// The figure's key in the report (`close_rate`, `overseas_sales`, `foreign_talent`,
    /// `self_financing`, `research_reach`).
    pub kpi: String,
    pub name_ja: String,
    pub name_en: String,
    pub definition_ja: String,
    pub definition_en: String,
}

const DEFINITIONS: [[&str; 5]; 5] = [
    [
        "close_rate",
        "商談会成約率",
        "Close rate at business meetings",
        "当該年度（4月1日〜翌年3月31日、日本時間）に実施された商談のうち、商談結果が成約となったものの割合（%）。\
         商談の時刻は枠の開始時刻（枠のない商談は実施と記録された時刻）。後日成約した商談もその商談の年度に数えるため、\
         集計時点により値が上がることがあります。目標は基準値13%に計画の増分を加えた水準です。",
        "Meetings held in the fiscal year (1 April to 31 March, Japan time) whose negotiation is won, \
         over the meetings held in it, in percent. A meeting's time is the start of its slot (or when \
         it was marked held, without one). A deal closed later counts for its meeting's year, so the \
         figure can rise after publication. The target is the 13 % baseline plus the plan's increments.",
    ],
    [
        "overseas_sales",
        "海外販路開拓による売上高",
        "Overseas sales",
        "成約日が当該年度にある成約商談の円換算額の合計（千円、千円未満切り捨て）。",
        "The sum of the yen amounts of negotiations won with their closing date in the fiscal year, \
         in thousand yen (rounded down).",
    ],
    [
        "foreign_talent",
        "外国人材の採用数",
        "Foreign talent hired",
        "採用日が当該年度にある、採用に至った応募の数（人）。本人の求めにより個人情報を消去した採用も数えます。",
        "Applications that reached hired with their hiring date in the fiscal year. A hire whose \
         candidate's personal data was erased on request still counts.",
    ],
    [
        "self_financing",
        "自主財源比率",
        "Self-financing ratio",
        "当該年度に入金された企業負担金（支払日の日本時間の年度）を同年度の事業費（財源を問わない）で割った割合（%）。\
         累計は事業の初年度から当該年度までの合計で計算します。補助金は比率に含めず併記します。事業費のない年度は表示しません。",
        "Company contributions received in the fiscal year (invoices paid, by the Japan-time day of \
         payment) over the programme's costs of the year, whatever their funding source, in percent; \
         cumulatively from the programme's first year. Subsidies are shown beside it, not in it. \
         Without costs in a year there is no ratio.",
    ],
    [
        "research_reach",
        "調査研究の情報提供",
        "Research reach",
        "当該年度に公開した調査レポートの数と、その年度に初めて調査レポートを閲覧した企業数・企業会員数。",
        "Research briefs published in the fiscal year, and the companies and company members whose \
         first read of a brief fell in the year.",
    ],
];

/// Every figure's definition, in the report's order.
pub fn definitions() -> Vec<KpiDefinition> {
    DEFINITIONS
        .iter()
        .map(
            |[kpi, name_ja, name_en, definition_ja, definition_en]| KpiDefinition {
                kpi: (*kpi).to_owned(),
                name_ja: (*name_ja).to_owned(),
                name_en: (*name_en).to_owned(),
                definition_ja: (*definition_ja).to_owned(),
                definition_en: (*definition_en).to_owned(),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_definition_is_written_in_both_languages() {
        let all = definitions();
        assert_eq!(all.len(), 5);
        for d in &all {
            assert!(
                !d.name_ja.is_ascii() && !d.definition_ja.is_ascii(),
                "{}",
                d.kpi
            );
            assert!(
                d.name_en.is_ascii() && !d.definition_en.trim().is_empty(),
                "{}",
                d.kpi
            );
        }
    }
}
