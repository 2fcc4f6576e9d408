//! Hostile input against every JSON route and the catalogue query: malformed and truncated
//! JSON, wrong types, huge numbers, NUL characters, invalid UTF-8, oversized strings, deep
//! nesting, duplicate keys, unknown enum values, wrong content types, SQL and script
//! fragments. Each input is refused with a 4xx problem that changes nothing in the database,
//! or is valid text and stored exactly as sent; none is ever a 5xx.

use actix_web::http::Method;
use diesel::prelude::*;
use sagamihara_match::auth::Role;
use sagamihara_match::config::RateLimitSettings;
use sagamihara_match::db::schema::{buyers, capabilities, companies, refresh_tokens, users};
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::encode;
use crate::common::{TestApp, TestUser};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Sme,
    Buyer,
    Admin,
}

#[derive(Debug, Clone)]
enum Body {
    None,
    /// Sent as `application/json`.
    Json(Vec<u8>),
    /// Sent with this content type (or none).
    Raw(Option<&'static str>, Vec<u8>),
}

#[derive(Debug, Clone)]
enum Outcome {
    /// Refused with this status and a problem document; nothing changed.
    Refused(u16),
    /// A read that succeeds; nothing changed.
    Read,
    /// Accepted: the response, and the resource read back, hold `value` at `pointer`.
    Stored { pointer: &'static str, value: Value },
}

struct Case {
    name: &'static str,
    method: Method,
    /// `{company}`, `{buyer}` and `{capability}` stand for the test's own ids.
    path: String,
    caller: Caller,
    body: Body,
    outcome: Outcome,
}

fn case(name: &'static str, method: Method, path: &str, caller: Caller) -> Case {
    Case {
        name,
        method,
        path: path.to_owned(),
        caller,
        body: Body::None,
        outcome: Outcome::Read,
    }
}

impl Case {
    fn json(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Body::Json(body.into());
        self
    }

    fn raw(mut self, content_type: Option<&'static str>, body: impl Into<Vec<u8>>) -> Self {
        self.body = Body::Raw(content_type, body.into());
        self
    }

    fn refused(mut self, status: u16) -> Self {
        self.outcome = Outcome::Refused(status);
        self
    }

    fn read(mut self) -> Self {
        self.outcome = Outcome::Read;
        self
    }

    fn stored(mut self, pointer: &'static str, value: impl Into<Value>) -> Self {
        self.outcome = Outcome::Stored {
            pointer,
            value: value.into(),
        };
        self
    }
}

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn nested_objects(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

const REGISTER: &str = "/api/v1/auth/register";
const LOGIN: &str = "/api/v1/auth/login";
const REFRESH: &str = "/api/v1/auth/refresh";
const ME: &str = "/api/v1/me";
const USERS: &str = "/api/v1/users";
const COMPANY: &str = "/api/v1/companies/{company}";
const CAPABILITIES: &str = "/api/v1/companies/{company}/capabilities";
const BUYER: &str = "/api/v1/buyers/{buyer}";

fn cases() -> Vec<Case> {
    use Caller::*;
    let post = Method::POST;
    let patch = Method::PATCH;
    let get = Method::GET;
    let long = "x".repeat(10_000);
    let catalogue = |query: &str| format!("/api/v1/capabilities?{query}");
    let candidate = |extra: &str| {
        format!(
            r#"{{"email":"new@example.jp","password":"long enough pw","display_name":"New",
                "account_type":"candidate"{extra}}}"#
        )
    };
    vec![
        // --- Malformed, truncated and empty bodies: 400 -------------------------------------
        case("truncated object", post.clone(), REGISTER, Anonymous)
            .json(r#"{"email": "a@example.jp", "password": "long enough pw""#)
            .refused(400),
        case("truncated string", post.clone(), LOGIN, Anonymous)
            .json(r#"{"email": "a@exam"#)
            .refused(400),
        case("not JSON at all", post.clone(), REGISTER, Anonymous)
            .json("email=a@example.jp&password=x")
            .refused(400),
        case("trailing comma", patch.clone(), ME, Sme)
            .json(r#"{"display_name": "A",}"#)
            .refused(400),
        case("single quotes", patch.clone(), COMPANY, Sme)
            .json("{'name_en': 'A'}")
            .refused(400),
        case("empty JSON body", post.clone(), REFRESH, Anonymous)
            .json("")
            .refused(400),
        case("whitespace only", patch.clone(), BUYER, Buyer)
            .json("   \n ")
            .refused(400),
        case("two documents", patch.clone(), ME, Sme)
            .json(r#"{"display_name": "A"} {"display_name": "B"}"#)
            .refused(400),
        case("invalid UTF-8 in a string", patch.clone(), COMPANY, Sme)
            .json(&b"{\"name_en\": \"Tanaka \xff\xfe Works\"}"[..])
            .refused(400),
        case("overlong UTF-8 encoding", patch.clone(), ME, Sme)
            .json(&b"{\"display_name\": \"\xc0\xaf\"}"[..])
            .refused(400),
        case("raw NUL byte in a string", post.clone(), LOGIN, Anonymous)
            .json(&b"{\"email\": \"a\x00@example.jp\", \"password\": \"long enough pw\"}"[..])
            .refused(400),
        case("lone surrogate escape", patch.clone(), ME, Sme)
            .json(r#"{"display_name": "\ud800"}"#)
            .refused(400),
        case("number beyond f64 (1e400)", patch.clone(), COMPANY, Sme)
            .json(r#"{"employees": 1e400}"#)
            .refused(400),
        case("1e400 as a password", post.clone(), LOGIN, Anonymous)
            .json(r#"{"email": "a@example.jp", "password": 1e400}"#)
            .refused(400),
        case("10,000 nested arrays as the body", post.clone(), REGISTER, Anonymous)
            .json(nested_arrays(10_000))
            .refused(400),
        case("10,000 nested arrays in a field", patch.clone(), ME, Sme)
            .json(format!(r#"{{"display_name": {}}}"#, nested_arrays(10_000)))
            .refused(400),
        case("10,000 nested objects", post.clone(), CAPABILITIES, Sme)
            .json(nested_objects(10_000))
            .refused(400),
        case("129 nested arrays, past serde_json's limit", patch.clone(), BUYER, Buyer)
            .json(format!(r#"{{"languages": {}}}"#, nested_arrays(129)))
            .refused(400),
        // --- Wrong content types and sizes: 415, 413 ----------------------------------------
        case("text/plain", post.clone(), LOGIN, Anonymous)
            .raw(Some("text/plain"), r#"{"email":"a@example.jp","password":"long enough pw"}"#)
            .refused(415),
        case("form encoding", post.clone(), REGISTER, Anonymous)
            .raw(Some("application/x-www-form-urlencoded"), "email=a%40example.jp")
            .refused(415),
        case("multipart", patch.clone(), COMPANY, Sme)
            .raw(Some("multipart/form-data; boundary=x"), "--x\r\n\r\n--x--")
            .refused(415),
        case("XML", post.clone(), USERS, Admin)
            .raw(Some("application/xml"), "<user><role>admin</role></user>")
            .refused(415),
        case("no content type", patch.clone(), ME, Sme)
            .raw(None, r#"{"display_name": "A"}"#)
            .refused(415),
        case("no body, no content type", post.clone(), CAPABILITIES, Sme).refused(415),
        case("body over 64 KiB", patch.clone(), COMPANY, Sme)
            .json(json!({ "description_ja": "あ".repeat(30_000) }).to_string())
            .refused(413),
        // --- Well-formed JSON of the wrong shape or type: 422 -------------------------------
        case("an array of the fields' values", patch.clone(), ME, Sme)
            .json("[null, null]")
            .refused(422),
        case("null as the body", patch.clone(), BUYER, Buyer)
            .json("null")
            .refused(422),
        case("a string as the body", post.clone(), REFRESH, Anonymous)
            .json(r#""refresh_token""#)
            .refused(422),
        case("a number as the body", post.clone(), LOGIN, Anonymous)
            .json("42")
            .refused(422),
        case("email as a number", post.clone(), LOGIN, Anonymous)
            .json(r#"{"email": 42, "password": "long enough pw"}"#)
            .refused(422),
        case("email as null", post.clone(), REGISTER, Anonymous)
            .json(candidate("").replace(r#""new@example.jp""#, "null"))
            .refused(422),
        case("refresh token as a number", post.clone(), REFRESH, Anonymous)
            .json(r#"{"refresh_token": 12345}"#)
            .refused(422),
        case("employees as 2^64", patch.clone(), COMPANY, Sme)
            .json(r#"{"employees": 18446744073709551616}"#)
            .refused(422),
        case("employees as i64::MIN", patch.clone(), COMPANY, Sme)
            .json(r#"{"employees": -9223372036854775808}"#)
            .refused(422),
        case("employees negative", patch.clone(), COMPANY, Sme)
            .json(r#"{"employees": -1}"#)
            .refused(422),
        case("employees as a string", patch.clone(), COMPANY, Sme)
            .json(r#"{"employees": "12"}"#)
            .refused(422),
        case("employees as a fraction", patch.clone(), COMPANY, Sme)
            .json(r#"{"employees": 12.5}"#)
            .refused(422),
        case("founded year as a date", patch.clone(), COMPANY, Sme)
            .json(r#"{"founded_year": "2019-04-01"}"#)
            .refused(422),
        case("founded year before 1800", patch.clone(), COMPANY, Sme)
            .json(r#"{"founded_year": 1799}"#)
            .refused(422),
        case("minimum lot of 2^64", post.clone(), CAPABILITIES, Sme)
            .json(r#"{"title_ja":"a","title_en":"a","category":"machining","min_lot":18446744073709551616}"#)
            .refused(422),
        case("minimum lot of zero", post.clone(), CAPABILITIES, Sme)
            .json(r#"{"title_ja":"a","title_en":"a","category":"machining","min_lot":0}"#)
            .refused(422),
        case("negative lead time", post.clone(), CAPABILITIES, Sme)
            .json(r#"{"title_ja":"a","title_en":"a","category":"machining","lead_time_days":-1}"#)
            .refused(422),
        case("a required field missing", post.clone(), CAPABILITIES, Sme)
            .json(r#"{"title_en":"a","category":"machining"}"#)
            .refused(422),
        case("a list holding a number", patch.clone(), COMPANY, Sme)
            .json(r#"{"export_countries": ["TH", 1]}"#)
            .refused(422),
        case("duplicate keys", post.clone(), LOGIN, Anonymous)
            .json(r#"{"email":"a@example.jp","email":"b@example.jp","password":"long enough pw"}"#)
            .refused(422),
        case("duplicate keys, nested", post.clone(), REGISTER, Anonymous)
            .json(
                r#"{"email":"b@example.jp","password":"long enough pw","display_name":"B",
                   "account_type":"buyer","buyer":{"name":"B","name":"C","country":"TH"}}"#,
            )
            .refused(422),
        // --- Unknown enum values and fields that are not the caller's to set ----------------
        case("unknown account type", post.clone(), REGISTER, Anonymous)
            .json(candidate("").replace("candidate", "superuser"))
            .refused(422),
        case("registering as admin", post.clone(), REGISTER, Anonymous)
            .json(candidate("").replace("candidate", "admin"))
            .refused(422),
        case("a role smuggled into registration", post.clone(), REGISTER, Anonymous)
            .json(candidate(r#","role":"admin""#))
            .refused(422),
        case("a role smuggled into PATCH /me", patch.clone(), ME, Sme)
            .json(r#"{"role": "admin"}"#)
            .refused(422),
        case("a company id smuggled into PATCH /me", patch.clone(), ME, Sme)
            .json(r#"{"company_id": "01900000-0000-7000-8000-000000000000"}"#)
            .refused(422),
        case("staff account with role sme", post.clone(), USERS, Admin)
            .json(r#"{"email":"s@example.jp","password":"long enough pw","display_name":"S","role":"sme"}"#)
            .refused(422),
        case("staff account with role root", post.clone(), USERS, Admin)
            .json(r#"{"email":"s@example.jp","password":"long enough pw","display_name":"S","role":"root"}"#)
            .refused(422),
        case("company status set through the profile", patch.clone(), COMPANY, Sme)
            .json(r#"{"status": "approved"}"#)
            .refused(422),
        case("unknown ward", patch.clone(), COMPANY, Sme)
            .json(r#"{"ward": "Shinjuku"}"#)
            .refused(422),
        case("unknown category", post.clone(), CAPABILITIES, Sme)
            .json(r#"{"title_ja":"a","title_en":"a","category":"nuclear"}"#)
            .refused(422),
        case("buyer verifying itself", patch.clone(), BUYER, Buyer)
            .json(r#"{"verified": true}"#)
            .refused(422),
        case("unknown interest category", patch.clone(), BUYER, Buyer)
            .json(r#"{"interests": {"categories": ["weapons"], "tags": []}}"#)
            .refused(422),
        // --- Invalid values: 422 -----------------------------------------------------------
        case("lower-case country", patch.clone(), BUYER, Buyer)
            .json(r#"{"country": "th"}"#)
            .refused(422),
        case("country that does not exist", post.clone(), REGISTER, Anonymous)
            .json(
                r#"{"email":"c@example.jp","password":"long enough pw","display_name":"C",
                   "account_type":"buyer","buyer":{"name":"C","country":"XX"}}"#,
            )
            .refused(422),
        case("language as a name", patch.clone(), BUYER, Buyer)
            .json(r#"{"languages": ["japanese"]}"#)
            .refused(422),
        case("javascript: URL", patch.clone(), COMPANY, Sme)
            .json(r#"{"website": "javascript:alert(1)"}"#)
            .refused(422),
        case("file: URL", patch.clone(), BUYER, Buyer)
            .json(r#"{"website": "file:///etc/passwd"}"#)
            .refused(422),
        case("e-mail that is not one", patch.clone(), ME, Sme)
            .json(r#"{"email": "not-an-email"}"#)
            .refused(422),
        case("e-mail with SQL in it", post.clone(), REGISTER, Anonymous)
            .json(candidate("").replace("new@example.jp", "' OR 1=1 --@example.jp"))
            .refused(422),
        case("empty display name", patch.clone(), ME, Sme)
            .json(r#"{"display_name": ""}"#)
            .refused(422),
        case("short staff password", post.clone(), USERS, Admin)
            .json(r#"{"email":"s@example.jp","password":"short","display_name":"S","role":"desk"}"#)
            .refused(422),
        case("sme registration without its company", post.clone(), REGISTER, Anonymous)
            .json(candidate("").replace("candidate", "sme"))
            .refused(422),
        // --- 10,000-character strings and long lists: 422 -------------------------------------
        case("10,000-character display name", patch.clone(), ME, Sme)
            .json(json!({ "display_name": long }).to_string())
            .refused(422),
        case("10,000-character password", post.clone(), REGISTER, Anonymous)
            .json(candidate("").replace("long enough pw", &long))
            .refused(422),
        case("10,000-character login password", post.clone(), LOGIN, Anonymous)
            .json(json!({ "email": "a@example.jp", "password": long }).to_string())
            .refused(422),
        case("10,000-character refresh token", post.clone(), REFRESH, Anonymous)
            .json(json!({ "refresh_token": long }).to_string())
            .refused(422),
        case("10,000-character description", patch.clone(), COMPANY, Sme)
            .json(json!({ "description_ja": long }).to_string())
            .refused(422),
        case("10,000-character website", patch.clone(), BUYER, Buyer)
            .json(json!({ "website": format!("https://{long}.example") }).to_string())
            .refused(422),
        case("10,000-character capability title", post.clone(), CAPABILITIES, Sme)
            .json(json!({ "title_ja": long, "title_en": "a", "category": "machining" }).to_string())
            .refused(422),
        case("10,000 certifications", patch.clone(), COMPANY, Sme)
            .json(json!({ "certifications": vec!["ISO"; 10_000] }).to_string())
            .refused(422),
        // --- NUL characters: 422, on both backends ----------------------------------------
        case("NUL in a display name", patch.clone(), ME, Sme)
            .json(r#"{"display_name": "Tanaka\u0000"}"#)
            .refused(422),
        case("NUL in a registration's company", post.clone(), REGISTER, Anonymous)
            .json(
                r#"{"email":"n@example.jp","password":"long enough pw","display_name":"N",
                   "account_type":"sme","company":{"name_ja":"\u0000","name_en":"N","industry":"x"}}"#,
            )
            .refused(422),
        case("NUL in a login e-mail", post.clone(), LOGIN, Anonymous)
            .json(r#"{"email": "a@example.jp\u0000", "password": "long enough pw"}"#)
            .refused(422),
        case("NUL in a refresh token", post.clone(), REFRESH, Anonymous)
            .json(r#"{"refresh_token": "\u0000"}"#)
            .refused(422),
        case("NUL in a staff account's name", post.clone(), USERS, Admin)
            .json(r#"{"email":"s@example.jp","password":"long enough pw","display_name":"S\u0000","role":"desk"}"#)
            .refused(422),
        case("NUL in a company description", patch.clone(), COMPANY, Sme)
            .json(r#"{"description_en": "precision\u0000machining"}"#)
            .refused(422),
        case("NUL in a capability tag", post.clone(), CAPABILITIES, Sme)
            .json(r#"{"title_ja":"a","title_en":"a","category":"machining","tags":["ok","\u0000"]}"#)
            .refused(422),
        case("NUL in a buyer name", patch.clone(), BUYER, Buyer)
            .json(r#"{"name": "\u0000Bangkok"}"#)
            .refused(422),
        case("NUL in a key", patch.clone(), ME, Sme)
            .json(r#"{"display\u0000name": "A"}"#)
            .refused(422),
        // --- Ids that do not parse or do not exist: 404 -----------------------------------
        case("company id that is not a UUID", patch.clone(), "/api/v1/companies/not-a-uuid", Sme)
            .json(r#"{"name_en": "A"}"#)
            .refused(404),
        case("company id with SQL", patch.clone(), "/api/v1/companies/1%27%20OR%20%271%27%3D%271", Sme)
            .json(r#"{"name_en": "A"}"#)
            .refused(404),
        case("buyer id that does not exist", patch.clone(), "/api/v1/buyers/01900000-0000-7000-8000-000000000000", Buyer)
            .json(r#"{"name": "A"}"#)
            .refused(404),
        // --- Credentials that do not match: 401 --------------------------------------------
        case("SQL as a login", post.clone(), LOGIN, Anonymous)
            .json(r#"{"email": "' OR '1'='1", "password": "' OR '1'='1"}"#)
            .refused(401),
        case("SQL as a refresh token", post.clone(), REFRESH, Anonymous)
            .json(r#"{"refresh_token": "' OR 1=1 --"}"#)
            .refused(401),
        // --- The catalogue's query string --------------------------------------------------
        case("negative limit", get.clone(), &catalogue("limit=-1"), Anonymous).refused(422),
        case("zero limit", get.clone(), &catalogue("limit=0"), Anonymous).refused(422),
        case("limit of 2^64", get.clone(), &catalogue("limit=18446744073709551616"), Anonymous).refused(422),
        case("limit of 1e400", get.clone(), &catalogue("limit=1e400"), Anonymous).refused(422),
        case("limit as a word", get.clone(), &catalogue("limit=all"), Anonymous).refused(422),
        case("unknown category in a query", get.clone(), &catalogue("category=nuclear"), Anonymous).refused(422),
        case("company id that is not a UUID in a query", get.clone(), &catalogue("company_id=1%20OR%201%3D1"), Anonymous).refused(422),
        case("cursor this API never gave", get.clone(), &catalogue("cursor=%21%21%21"), Anonymous).refused(422),
        case("NUL in a search", get.clone(), &catalogue("q=%00"), Anonymous).refused(422),
        case("NUL in a tag", get.clone(), &catalogue("tag=a%00b"), Anonymous).refused(422),
        case("NUL in a parameter name", get.clone(), &catalogue("q%00=a"), Anonymous).refused(422),
        case("10,000-character search", get.clone(), &catalogue(&format!("q={long}")), Anonymous).refused(422),
        case("archived capabilities, anonymously", get.clone(), &catalogue("status=archived"), Anonymous).refused(403),
        case("SQL in a search", get.clone(), &catalogue(&format!("q={}", encode("' OR 1=1 --"))), Anonymous).read(),
        case("LIKE wildcards in a search", get.clone(), &catalogue(&format!("q={}", encode("%_\\"))), Anonymous).read(),
        case("full-text operators in a search", get.clone(), &catalogue(&format!("q={}", encode("a & !b | c:* <-> \"d\" NEAR(e)"))), Anonymous).read(),
        case("SQL in a tag", get.clone(), &catalogue(&format!("tag={}", encode("\"; DELETE FROM companies; --"))), Anonymous).read(),
        case("invalid UTF-8 in a search", get.clone(), &catalogue("q=%FF%FE"), Anonymous).read(),
        case("unknown parameter", get.clone(), &catalogue("debug=1"), Anonymous).read(),
        // --- Valid text that looks dangerous: stored exactly as sent -------------------------
        case("SQL in a display name", patch.clone(), ME, Sme)
            .json(json!({ "display_name": "Robert'); DROP TABLE users;--" }).to_string())
            .stored("/display_name", "Robert'); DROP TABLE users;--"),
        case("script in a display name", patch.clone(), ME, Sme)
            .json(json!({ "display_name": "<script>alert(1)</script>" }).to_string())
            .stored("/display_name", "<script>alert(1)</script>"),
        case("SQL in a company name", patch.clone(), COMPANY, Sme)
            .json(json!({ "name_en": "' OR '1'='1" }).to_string())
            .stored("/name_en", "' OR '1'='1"),
        case("markup and templates in a description", patch.clone(), COMPANY, Sme)
            .json(json!({ "description_ja": "<img src=x onerror=alert(1)>{{7*7}}${7*7}" }).to_string())
            .stored("/description_ja", "<img src=x onerror=alert(1)>{{7*7}}${7*7}"),
        case("control and bidi characters in a name", patch.clone(), COMPANY, Sme)
            .json(json!({ "name_ja": "田中\u{7}\u{202e}精密\u{feff}" }).to_string())
            .stored("/name_ja", "田中\u{7}\u{202e}精密\u{feff}"),
        case("a 5,000-character description of quotes", patch.clone(), COMPANY, Sme)
            .json(json!({ "description_en": "'\";--".repeat(1000) }).to_string())
            .stored("/description_en", "'\";--".repeat(1000)),
        case("SQL in a capability title", post.clone(), CAPABILITIES, Sme)
            .json(json!({ "title_ja": "切削", "title_en": "1; DELETE FROM capabilities WHERE 1=1; --",
                          "category": "machining", "tags": ["' OR ''='"] }).to_string())
            .stored("/title_en", "1; DELETE FROM capabilities WHERE 1=1; --"),
        case("SQL in a buyer name", patch.clone(), BUYER, Buyer)
            .json(json!({ "name": "\"; SELECT pg_sleep(10); --" }).to_string())
            .stored("/name", "\"; SELECT pg_sleep(10); --"),
        case("LIKE wildcards in an industry", patch.clone(), BUYER, Buyer)
            .json(json!({ "industry": "%_\\" }).to_string())
            .stored("/industry", "%_\\"),
        case("SQL in a staff account's name", post.clone(), USERS, Admin)
            .json(json!({ "email": "quote@example.jp", "password": "long enough pw",
                          "display_name": "admin'--", "role": "reviewer" }).to_string())
            .stored("/display_name", "admin'--"),
        case("script in a registration", post.clone(), REGISTER, Anonymous)
            .json(json!({ "email": "svg@example.jp", "password": "long enough pw",
                          "display_name": "<svg onload=alert(1)>", "account_type": "candidate" }).to_string())
            .stored("/user/display_name", "<svg onload=alert(1)>"),
    ]
}

/// What the refused inputs must leave alone: row counts, and every row they aimed at.
async fn snapshot(
    app: &TestApp,
    desk: &TestUser,
    admin: &TestUser,
    sme: &TestUser,
    capability: &str,
) -> Value {
    let counts = {
        let mut conn = app.state.pool.get().unwrap();
        json!({
            "users": users::table.count().get_result::<i64>(&mut conn).unwrap(),
            "companies": companies::table.count().get_result::<i64>(&mut conn).unwrap(),
            "capabilities": capabilities::table.count().get_result::<i64>(&mut conn).unwrap(),
            "buyers": buyers::table.count().get_result::<i64>(&mut conn).unwrap(),
            "refresh_tokens": refresh_tokens::table.count().get_result::<i64>(&mut conn).unwrap(),
        })
    };
    let read = |path: String, user: &TestUser| {
        let request = app.get(&path).by(user);
        async move { request.send().await.expect(200) }
    };
    let buyer = app.user(Role::Buyer);
    json!({
        "counts": counts,
        "me": read(ME.to_owned(), sme).await,
        "users": read(format!("{USERS}?limit=100"), admin).await,
        "company": read(format!("/api/v1/companies/{}", sme.company_id.unwrap()), desk).await,
        "capability": read(format!("/api/v1/capabilities/{capability}"), desk).await,
        "buyer": read(format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap()), desk).await,
    })
}

api_test!(
    async fn hostile_inputs_are_refused_or_stored_verbatim_never_a_server_error(backend) {
        // Every input should meet validation, not the rate limiter.
        let app = TestApp::with_config(backend, |config| {
            config.rate_limits = RateLimitSettings {
                login_per_ip_per_minute: 10_000,
                login_per_account_per_minute: 10_000,
                register_per_ip_per_hour: 10_000,
                meeting_requests_per_user_per_minute: 10_000,
            };
        })
        .await;
        let (sme, buyer, admin, desk) = (
            app.user(Role::Sme),
            app.user(Role::Buyer),
            app.user(Role::Admin),
            app.user(Role::Desk),
        );
        let company = sme.company_id.unwrap().to_string();
        let capability = app
            .post(&format!("/api/v1/companies/{company}/capabilities"))
            .by(&sme)
            .json(&json!({"title_ja": "精密切削", "title_en": "Precision machining", "category": "machining"}))
            .send()
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let cases = cases();
        assert!(cases.len() >= 50, "the table shrank to {} inputs", cases.len());
        for case in cases {
            let path = case
                .path
                .replace("{company}", &company)
                .replace("{buyer}", &buyer.buyer_id.unwrap().to_string())
                .replace("{capability}", &capability);
            let before = snapshot(&app, &desk, &admin, &sme, &capability).await;
            let mut request = app.request(case.method.clone(), &path);
            request = match case.caller {
                Caller::Anonymous => request,
                Caller::Sme => request.by(&sme),
                Caller::Buyer => request.by(&buyer),
                Caller::Admin => request.by(&admin),
            };
            request = match case.body.clone() {
                Body::None => request,
                Body::Json(bytes) => request.body("application/json", bytes),
                Body::Raw(Some(content_type), bytes) => request.body(content_type, bytes),
                Body::Raw(None, bytes) => request.payload(bytes),
            };
            let response = request.send().await;
            let status = response.status.as_u16();
            assert!(status < 500, "{}: a server error: {}", case.name, response.text());
            match &case.outcome {
                Outcome::Refused(expected) => {
                    assert_eq!(status, *expected, "{}: {}", case.name, response.text());
                    response.problem(*expected);
                    let after = snapshot(&app, &desk, &admin, &sme, &capability).await;
                    assert_eq!(before, after, "{}: a refused input changed data", case.name);
                }
                Outcome::Read => {
                    let page = response.expect(200);
                    assert!(page["items"].is_array(), "{}: {page}", case.name);
                    let after = snapshot(&app, &desk, &admin, &sme, &capability).await;
                    assert_eq!(before, after, "{}: a read changed data", case.name);
                }
                Outcome::Stored { pointer, value } => {
                    assert!((200..300).contains(&status), "{}: {status} {}", case.name, response.text());
                    let body: Value = serde_json::from_slice(&response.body).unwrap();
                    assert_eq!(body.pointer(pointer), Some(value), "{}: answered {body}", case.name);
                    // Read back what was stored, as the desk (or the caller for /me).
                    let reread = match (case.method.as_str(), case.path.as_str()) {
                        ("PATCH", ME) => Some(app.get(ME).by(&sme)),
                        ("PATCH", _) => Some(app.get(&path).by(&desk)),
                        ("POST", CAPABILITIES) => Some(
                            app.get(&format!("/api/v1/capabilities/{}", body["id"].as_str().unwrap())).by(&desk),
                        ),
                        ("POST", USERS) => Some(
                            app.get(&format!("{USERS}?role=reviewer&limit=100")).by(&admin),
                        ),
                        _ => None,
                    };
                    if let Some(reread) = reread {
                        let stored = reread.send().await.expect(200);
                        let found = match stored["items"].as_array() {
                            Some(items) => items.iter().any(|item| item.pointer(pointer) == Some(value)),
                            None => stored.pointer(pointer) == Some(value),
                        };
                        assert!(found, "{}: not stored verbatim: {stored}", case.name);
                    }
                }
            }
        }
    }
);
