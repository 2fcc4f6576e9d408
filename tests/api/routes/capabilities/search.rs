//! The public catalogue: `GET /capabilities`, bilingual search, filters and paging.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    add_capability, approved_sme, capability, encode, search, search_page_by_page,
};
use crate::common::verbs::ANONYMOUS;
use crate::common::{Backend, TestApp};

api_test!(
    async fn an_sme_publishes_and_buyers_find_it_after_approval(backend) {
        let app = TestApp::new(backend).await;
        let session = app
            .register(&json!({
                "email": "info@sagami-seimitsu.example", "password": "sagamihara-2026",
                "display_name": "相模 太郎", "account_type": "sme",
                "company": {"name_ja": "相模精密", "name_en": "Sagami Seimitsu", "industry": "metal processing"}
            }))
            .await
            .expect(201);
        let token = session["access_token"].as_str().unwrap().to_owned();
        let company_id = session["user"]["company_id"].as_str().unwrap().to_owned();
        let profile = app
            .update_company(&token, &company_id, &json!({
                "description_ja": "相模原市緑区の精密板金メーカー", "description_en": "Precision sheet metal from Midori ward",
                "employees": 42, "founded_year": 1978, "website": "https://sagami-seimitsu.example",
                "ward": "midori", "certifications": ["ISO 9001"], "export_countries": ["TH", "VN"], "languages": ["ja", "en"]
            }))
            .await
            .expect(200);
        assert_eq!(profile["ward"], "midori");
        assert_eq!(profile["status"], "pending");
        assert_eq!(profile["export_countries"], json!(["TH", "VN"]));

        let created = [
            ("精密板金加工", "Precision sheet metal work", "stamping", vec!["sheet metal", "aluminium"]),
            ("５軸ＣＮＣ加工", "5-axis CNC machining", "machining", vec!["cnc"]),
            ("ｾｲﾐﾂ溶接", "Precision welding", "welding", vec!["tig"]),
        ];
        for (ja, en, category, tags) in &created {
            let mut body = capability(ja, en, category, tags);
            body["status"] = json!("draft");
            let draft = app
                .create_capability(&token, &company_id, &body)
                .await
                .expect(201);
            assert_eq!(draft["status"], "draft");
            let published = app
                .update_capability(&token, draft["id"].as_str().unwrap(), &json!({"status": "published"}))
                .await
                .expect(200);
            assert_eq!(published["status"], "published");
            assert!(published["published_at"].is_string());
        }
        // Published, but the company is not approved yet: nothing is public.
        assert!(search(&app, "q=%E7%B2%BE%E5%AF%86").await.is_empty());
        app.get_company(ANONYMOUS, &company_id).await.problem(404);

        let desk = app.user(Role::Desk);
        let approved = app
            .approve_company(&desk, &company_id)
            .await
            .expect(200);
        assert_eq!(approved["status"], "approved");

        assert_eq!(
            search(&app, &format!("q={}", encode("精密"))).await,
            ["Precision sheet metal work", "5-axis CNC machining", "Precision welding"],
            "all three match 精密 through the company name 相模精密, so they keep creation order"
        );
        assert_eq!(search(&app, &format!("q={}", encode("板金"))).await, ["Precision sheet metal work"]);
        assert_eq!(search(&app, "q=cnc").await, ["5-axis CNC machining"]);
        assert_eq!(search(&app, &format!("q={}", encode("ＣＮＣ"))).await, ["5-axis CNC machining"]);
        assert_eq!(search(&app, &format!("q={}", encode("セイミツ"))).await, ["Precision welding"]);
        assert_eq!(search(&app, "q=WELDING").await, ["Precision welding"]);

        let buyer = app.user(Role::Buyer);
        app.update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"interests": {"categories": ["machining"], "tags": ["CNC", "aluminium"]}}))
            .await
            .expect(200);
        let recommended = app
            .buyer_recommendations(&buyer, buyer.buyer_id.unwrap())
            .await
            .expect(200);
        let items = recommended["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["capability"]["title_en"], "5-axis CNC machining");
        assert_eq!(items[0]["score"], 5);
        assert_eq!(items[0]["reasons"], json!(["category: machining", "tag: cnc"]));
        assert_eq!(items[1]["capability"]["title_en"], "Precision sheet metal work");
        assert_eq!(items[1]["reasons"], json!(["tag: aluminium"]));
    }
);

api_test!(
    async fn search_handles_short_mixed_and_full_width_queries(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        add_capability(&app, &sme, capability("TIG溶接", "TIG welding", "welding", &[])).await;
        add_capability(&app, &sme, capability("アルミダイカスト", "Aluminium die casting", "casting", &["ＡＤＣ１２"])).await;
        add_capability(&app, &sme, capability("基板実装", "PCB assembly", "electronics", &[])).await;
        // One character, shorter than a bigram: still found.
        assert_eq!(search(&app, &format!("q={}", encode("溶"))).await, ["TIG welding"]);
        assert_eq!(search(&app, &format!("q={}", encode("接"))).await, ["TIG welding"]);
        // Half-width katakana query against full-width text.
        assert_eq!(search(&app, &format!("q={}", encode("ｱﾙﾐ"))).await, ["Aluminium die casting"]);
        // A full-width tag is found by its plain form, and as a tag filter.
        assert_eq!(search(&app, "q=adc12").await, ["Aluminium die casting"]);
        assert_eq!(search(&app, "tag=adc12").await, ["Aluminium die casting"]);
        // Prefixes of English words; every term must match.
        assert_eq!(search(&app, "q=alumin").await, ["Aluminium die casting"]);
        assert_eq!(search(&app, "q=pcb+assembly").await, ["PCB assembly"]);
        assert!(search(&app, "q=pcb+welding").await.is_empty());
        // Nothing to search for is no condition at all.
        assert_eq!(search(&app, "q=%21%3F").await.len(), 3);
        // Characters that mean something to FTS or tsquery are just text.
        for hostile in ["%22", "%27", "*", "AND+OR+NOT", "a%26b%7Cc", "%3A*", "NEAR%28x%29"] {
            app.search_capabilities(ANONYMOUS, &format!("q={hostile}")).await.expect(200);
        }
    }
);

api_test!(
    async fn filters_combine_with_the_text_and_title_matches_rank_first(backend) {
        let app = TestApp::new(backend).await;
        let first = approved_sme(&app).await;
        let second = approved_sme(&app).await;
        let desk = app.user(Role::Desk);
        app.update_company(&desk, second.company_id.unwrap(), &json!({"ward": "chuo", "industry": "electronics"}))
            .await
            .expect(200);
        let mut described = capability("表面処理", "Anodising", "surface_treatment", &[]);
        described["description_en"] = json!("Anodising for aluminium housings");
        add_capability(&app, &first, described).await;
        add_capability(&app, &first, capability("アルミ切削", "Aluminium milling", "machining", &["aluminium"])).await;
        add_capability(&app, &second, capability("アルミ筐体", "Aluminium housings", "machining", &[])).await;

        // Title matches first (in creation order), then the description-only match.
        assert_eq!(
            search(&app, "q=aluminium").await,
            ["Aluminium milling", "Aluminium housings", "Anodising"]
        );
        assert_eq!(search(&app, "q=aluminium&category=surface_treatment").await, ["Anodising"]);
        assert_eq!(search(&app, "q=aluminium&ward=chuo").await, ["Aluminium housings"]);
        assert_eq!(search(&app, "q=aluminium&industry=electronics").await, ["Aluminium housings"]);
        assert_eq!(search(&app, "q=aluminium&tag=aluminium").await, ["Aluminium milling"]);
        assert_eq!(
            search(&app, &format!("category=machining&company_id={}", second.company_id.unwrap())).await,
            ["Aluminium housings"]
        );

        // Keyset pages walk the same order without repeats, across the rank boundary.
        assert_eq!(
            search_page_by_page(&app, "q=aluminium&limit=1").await,
            ["Aluminium milling", "Aluminium housings", "Anodising"]
        );
        // A word no title, tag or company name holds: every match is of the second rank.
        let mut described = capability("精密研削", "Precision grinding", "machining", &[]);
        described["description_en"] = json!("Grinding of hardened housings");
        add_capability(&app, &second, described).await;
        assert_eq!(search(&app, "q=hardened").await, ["Precision grinding"]);
        assert_eq!(search(&app, "q=housings").await, ["Aluminium housings", "Anodising", "Precision grinding"]);
        assert_eq!(search(&app, "q=housings&category=machining").await, ["Aluminium housings", "Precision grinding"]);
        assert!(search(&app, "q=hardened&category=casting").await.is_empty());
        for bad in ["limit=0", "category=lasers", "ward=shibuya", "cursor=bm9w!", "company_id=42"] {
            app.search_capabilities(ANONYMOUS, bad).await.problem(422);
        }
    }
);

api_test!(
    /// On PostgreSQL the public catalogue asks for a common word in a form no index serves
    /// (its plan walks the catalogue in id order) and for a rare one through the GIN index,
    /// as `ANALYZE`'s statistics say (`db::search::PgMatch`). Whichever form a word gets, its
    /// pages must be the same, across the rank boundary.
    async fn common_and_rare_words_page_alike_whatever_plan_they_get(backend) {
        use std::sync::{Arc, Mutex};

        use diesel::connection::{Connection, InstrumentationEvent};
        use diesel::RunQueryDsl;
        use sagamihara_match::capabilities::store::{
            search_capabilities, CatalogueCursor, CatalogueQuery, Visibility,
        };
        use sagamihara_match::db::search::{Fields, PgMatch, TermFrequencies};
        use sagamihara_match::search_terms::query_terms;

        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        // "press" in eight titles, and in three descriptions only (rank 1), interleaved.
        let (mut in_titles, mut described_only) = (Vec::new(), Vec::new());
        for i in 0..11 {
            if i % 4 == 3 {
                let title = format!("Deep drawing {i}");
                let mut described = capability(&format!("深絞り{i}"), &title, "machining", &[]);
                described["description_en"] = json!("On our servo press line");
                add_capability(&app, &sme, described).await;
                described_only.push(title);
            } else {
                let title = format!("Press forming {i}");
                add_capability(&app, &sme, capability(&format!("プレス{i}"), &title, "machining", &[])).await;
                in_titles.push(title);
            }
        }
        let expected: Vec<String> = in_titles.into_iter().chain(described_only).collect();

        let mut conn = app.state.pool.get().expect("connection");
        let press = query_terms("press");
        let rare = TermFrequencies::read(&mut conn).expect("statistics before ANALYZE");
        assert_eq!(rare.kept_match(&press, Fields::Primary), PgMatch::KeptIndexed);
        diesel::sql_query("ANALYZE capabilities").execute(&mut conn).expect("analyze");
        let common = TermFrequencies::read(&mut conn).expect("statistics after ANALYZE");
        if backend == Backend::Postgres {
            assert_eq!(common.kept_match(&press, Fields::Primary), PgMatch::KeptWalk);
            assert_eq!(common.kept_match(&press, Fields::SecondaryOnly), PgMatch::KeptWalk);
        }

        let statements = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&statements);
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                seen.lock().unwrap().push(("run", query.to_string()))
            }
            InstrumentationEvent::CacheQuery { sql, .. } => {
                seen.lock().unwrap().push(("prepare", sql.to_owned()))
            }
            _ => {}
        });
        for category in [None, Some("machining".to_owned())] {
            let query = CatalogueQuery { terms: press.clone(), category, ..CatalogueQuery::default() };
            for (frequencies, form) in [(&rare, "@@ (SELECT to_tsquery"), (&common, "ts_match_vq(")] {
                statements.lock().unwrap().clear();
                let mut titles = Vec::new();
                let mut after = None;
                loop {
                    let page = search_capabilities(&mut conn, frequencies, &query, &Visibility::Public, after.as_ref(), 3)
                        .expect("search");
                    titles.extend(page.iter().map(|((row, _), _)| row.title_en.clone()));
                    match page.last() {
                        Some(((row, _), rank)) if page.len() == 3 => {
                            after = Some(CatalogueCursor { rank: *rank, id: row.id.clone() })
                        }
                        _ => break,
                    }
                }
                assert_eq!(titles, expected, "{query:?} as {form}");
                if backend == Backend::Postgres {
                    // Asked in that form, in statements prepared once and then reused.
                    let statements = statements.lock().unwrap();
                    let count = |what| {
                        statements.iter().filter(|(event, sql)| *event == what && sql.contains(form)).count()
                    };
                    assert!(count("prepare") >= 1, "{form} expected in {statements:?}");
                    assert!(count("run") > count("prepare"), "nothing reused: {statements:?}");
                }
            }
        }
        drop(conn);

        // The service reads the statistics itself (now: "press" is common).
        assert_eq!(search_page_by_page(&app, "q=press&limit=3").await, expected);
    }
);

api_test!(
    async fn the_index_follows_every_write(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let created = add_capability(&app, &sme, capability("旋盤加工", "Lathe turning", "machining", &[])).await;
        let id = created["id"].as_str().unwrap();
        assert_eq!(search(&app, &format!("q={}", encode("旋盤"))).await, ["Lathe turning"]);
        app.update_capability(&sme, id, &json!({"title_ja": "研削加工", "title_en": "Grinding"}))
            .await
            .expect(200);
        assert!(search(&app, &format!("q={}", encode("旋盤"))).await.is_empty());
        assert_eq!(search(&app, &format!("q={}", encode("研削"))).await, ["Grinding"]);
        // The company's name is searchable with its capabilities, and follows a rename.
        app.update_company(&sme, sme.company_id.unwrap(), &json!({"name_en": "Hashimoto Grinders"}))
            .await
            .expect(200);
        assert_eq!(search(&app, "q=hashimoto").await, ["Grinding"]);
        app.archive_capability(&sme, id).await.expect(204);
        assert!(search(&app, "q=hashimoto").await.is_empty());
    }
);
