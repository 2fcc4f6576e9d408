//! `GET /municipalities`: public, the host first.

use sagamihara_match::municipalities::HOST_ID;

use crate::api_test;
use crate::common::fixtures::partner;
use crate::common::TestApp;

api_test!(
    async fn anyone_lists_the_host_first_then_the_partners_by_code(backend) {
        let app = TestApp::new(backend).await;
        let list = app.list_municipalities().await.expect(200);
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        assert_eq!(list[0]["id"], HOST_ID);
        assert_eq!(list[0]["code"], "141500");
        assert_eq!(list[0]["name_ja"], "相模原市");
        assert_eq!(list[0]["name_en"], "Sagamihara");
        assert_eq!(list[0]["is_host"], true);

        partner(&app, "141305", "川崎市", "Kawasaki").await;
        partner(&app, "011002", "札幌市", "Sapporo").await;
        let list = app.list_municipalities().await.expect(200);
        let codes: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["141500", "011002", "141305"]);
        assert_eq!(list[1]["is_host"], false);
    }
);
