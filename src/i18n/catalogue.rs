//! Every sentence the service says, in English and Japanese. Field and parameter names,
//! status values and codes stay as the API spells them in both languages; `{name}` is a
//! placeholder filled from the message's argument of that name.
//!
//! Japanese is written as the programme's SME staff read it: polite business Japanese, a
//! field error saying what to enter (「…で入力してください」) rather than what went wrong.

use super::Locale;

macro_rules! catalogue {
    ($( $name:ident $({ $($arg:ident : $ty:ty),* $(,)? })? => $en:literal, $ja:literal; )*) => {
        /// One message of the catalogue, with the values its sentence names.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Msg {
            $( $name $({ $($arg: $ty),* })?, )*
        }

        impl Msg {
            /// The message in `locale`.
            pub fn text(&self, locale: Locale) -> String {
                match self {
                    $( Msg::$name $({ $($arg),* })? => match locale {
                        Locale::En => format!($en),
                        Locale::Ja => format!($ja),
                    }, )*
                }
            }
        }

        /// Every message as (name, English template, Japanese template), for the test that
        /// holds the two languages in step.
        #[cfg(test)]
        const TEMPLATES: &[(&str, &str, &str)] = &[ $( (stringify!($name), $en, $ja), )* ];
    };
}

impl Msg {
    /// "must be between `min` and `max`", for a number out of its range.
    pub fn between(min: impl ToString, max: impl ToString) -> Msg {
        Msg::RangeBetween {
            min: min.to_string(),
            max: max.to_string(),
        }
    }
}

catalogue! {
    // Problem titles, one per status.
    TitleBadRequest => "Bad Request", "リクエストが正しくありません";
    TitleUnauthorized => "Unauthorized", "認証が必要です";
    TitleForbidden => "Forbidden", "権限がありません";
    TitleNotFound => "Not Found", "見つかりません";
    TitleMethodNotAllowed => "Method Not Allowed", "このメソッドは使用できません";
    TitleConflict => "Conflict", "現在の状態では実行できません";
    TitlePayloadTooLarge => "Payload Too Large", "リクエストが大きすぎます";
    TitleUnsupportedMediaType => "Unsupported Media Type", "対応していないデータ形式です";
    TitleUnprocessableEntity => "Unprocessable Entity", "入力内容に誤りがあります";
    TitleTooManyRequests => "Too Many Requests", "リクエストが多すぎます";
    TitleServiceUnavailable => "Service Unavailable", "サービスを一時的に利用できません";
    TitleInternalServerError => "Internal Server Error", "システムエラーが発生しました";

    // Answers every route may give.
    NotFound => "the resource does not exist or is not visible to you",
        "指定されたデータは存在しないか、閲覧する権限がありません";
    MethodNotAllowed { allow: String } => "this path answers {allow} only",
        "このパスで使用できるメソッドは {allow} のみです";
    PayloadTooLarge { limit: usize } => "the request body is larger than {limit} bytes",
        "リクエスト本文が上限の {limit} バイトを超えています";
    InvalidFields => "the request has invalid fields",
        "入力内容に誤りがあります。各項目のエラーをご確認ください";
    TooManyRequests { retry_after_secs: u64 } => "too many requests; retry after {retry_after_secs} s",
        "リクエストが多すぎます。{retry_after_secs} 秒後に再度お試しください";
    Unavailable => "the database is not available right now",
        "現在データベースを利用できません。しばらくしてから再度お試しください";
    Internal => "something went wrong on our side; quote the request id when reporting it",
        "システム内部でエラーが発生しました。お問い合わせの際はリクエストIDをお知らせください";
    TokenRequired => "a valid access token is required", "有効なアクセストークンが必要です";
    RoleForbids => "your role does not allow this", "この操作を行う権限がありません";
    RecordExists => "a record with these values already exists",
        "同じ内容のデータが既に登録されています";
    ValueNotAllowed => "the value is not allowed or refers to something that does not exist",
        "使用できない値か、存在しないデータを参照しています";

    // The request itself.
    JsonContentType => "the body must be JSON with Content-Type: application/json",
        "本文は Content-Type: application/json の JSON で送信してください";
    BodyUnreadable { reason: String } => "the request body could not be read: {reason}",
        "リクエスト本文を読み取れませんでした: {reason}";
    MalformedJson { reason: String } => "malformed JSON: {reason}",
        "JSON の形式が正しくありません: {reason}";
    JsonObject => "must be a JSON object", "JSON オブジェクトで指定してください";
    NoNul => "must not contain the NUL character (U+0000)",
        "NUL 文字（U+0000）は使用できません";
    BadValue { reason: String } => "{reason}", "値が正しくありません: {reason}";
    NotOurCursor => "is not a cursor this API handed out",
        "この API が発行したカーソルではありません";

    // Field rules shared by many requests.
    LengthBetween { min: String, max: String } => "must be between {min} and {max} characters",
        "{min}〜{max}文字で入力してください";
    LengthAtLeast { min: String } => "must be at least {min} characters",
        "{min}文字以上で入力してください";
    LengthAtMost { max: String } => "must be at most {max} characters",
        "{max}文字以内で入力してください";
    WrongLength => "has the wrong length", "文字数が正しくありません";
    RangeBetween { min: String, max: String } => "must be between {min} and {max}",
        "{min}〜{max}の範囲で指定してください";
    RangeAtLeast { min: String } => "must be at least {min}", "{min}以上の値を指定してください";
    RangeAtMost { max: String } => "must be at most {max}", "{max}以下の値を指定してください";
    OutOfRange => "is out of range", "範囲外の値です";
    Email => "must be an e-mail address", "メールアドレスの形式で入力してください";
    Url => "must be an http or https URL", "http または https の URL を入力してください";
    InvalidCode { code: String } => "is invalid ({code})", "値が正しくありません（{code}）";
    CharsOneTo { max: usize } => "must be 1 to {max} characters", "1〜{max}文字で入力してください";
    AtMostEntries { max: usize } => "must have at most {max} entries",
        "{max}件以内で指定してください";
    CountryCode { example: &'static str } => "must be an ISO 3166-1 alpha-2 code in upper case, e.g. {example}",
        "ISO 3166-1 alpha-2 の国コードを大文字で指定してください（例: {example}）";
    LanguageCode => "must be an ISO 639-1 language code in lower case, e.g. ja",
        "ISO 639-1 の言語コードを小文字で指定してください（例: ja）";
    WebUrl => "must be an http or https URL of at most 300 characters",
        "300文字以内の http または https の URL を入力してください";
    NotInFuture => "cannot be in the future", "未来の日付は指定できません";

    // Accounts and sessions.
    SmeNeedsCompany => "is required for an sme account, and buyer is not allowed",
        "sme アカウントでは company が必須で、buyer は指定できません";
    BuyerNeedsBuyer => "is required for a buyer account, and company is not allowed",
        "buyer アカウントでは buyer が必須で、company は指定できません";
    CandidateTakesNeither => "a candidate account takes neither company nor buyer",
        "candidate アカウントでは company も buyer も指定できません";
    BadCredentials => "invalid e-mail or password", "メールアドレスまたはパスワードが正しくありません";
    AccountDisabled => "this account is disabled", "このアカウントは無効化されています";
    WrongCurrentPassword => "the current password is wrong", "現在のパスワードが正しくありません";
    StaffRole => "must be admin, desk or reviewer", "admin、desk、reviewer のいずれかを指定してください";
    EmailTaken => "this e-mail is already registered", "このメールアドレスは既に登録されています";
    OwnAccount => "you cannot disable or demote your own account",
        "ご自身のアカウントを無効化したり、権限を下げたりすることはできません";
    StaffRoleChange => "only staff accounts change role, and only to admin, desk or reviewer",
        "ロールを変更できるのは職員アカウントのみで、変更先は admin、desk、reviewer のいずれかです";
    TokenInvalid => "the access token is invalid or expired",
        "アクセストークンが無効か、有効期限が切れています";
    BearerHeader => "the Authorization header must be `Bearer <token>`",
        "Authorization ヘッダーは `Bearer <token>` の形式で指定してください";
    RefreshInvalid => "the refresh token is not valid", "リフレッシュトークンが無効です";
    RefreshReused => "the refresh token was already used or revoked",
        "このリフレッシュトークンは使用済みか、失効しています";
    RefreshExpired => "the refresh token has expired", "リフレッシュトークンの有効期限が切れています";

    // Companies.
    DeskListsUnapproved => "only the desk lists companies that are not approved",
        "未承認の企業を一覧表示できるのは事務局のみです";
    MembersAndDeskEditCompany => "only the company's members and the desk edit it",
        "この企業の情報を編集できるのは、所属メンバーと事務局のみです";
    SuspensionReason => "a suspension needs a reason", "利用停止には理由の入力が必要です";
    CompanyAlready { status: String } => "the company is already {status}",
        "この企業は既に {status} の状態です";

    // Buyers.
    AlreadyVerified => "the organisation is already verified", "この組織は既に確認済みです";

    // Capabilities.
    MembersAndDeskAddCapabilities => "only the company's members and the desk add capabilities",
        "技術・製品を登録できるのは、この企業の所属メンバーと事務局のみです";
    MembersAndDeskChangeCapabilities => "only the company's members and the desk change its capabilities",
        "技術・製品を変更できるのは、この企業の所属メンバーと事務局のみです";
    NewCapabilityStatus => "a new capability is a draft or published",
        "新しい技術・製品のステータスは draft または published です";
    CapabilityArchived => "the capability is archived; archived capabilities are kept as they were",
        "この技術・製品はアーカイブ済みです。アーカイブ済みのものは変更できません";
    CapabilityCannotBecome { from: String, to: String } => "a {from} capability cannot become {to}",
        "ステータスが {from} の技術・製品は {to} に変更できません";
    UnpublishedCapabilities => "unpublished capabilities are listed for the desk and for a company's own members (with its company_id)",
        "非公開の技術・製品を一覧表示できるのは、事務局と、company_id を指定した自社の所属メンバーのみです";

    // Events.
    OnlyFairsExhibitors => "only trade fairs have exhibitors", "出展者を登録できるのは展示会のみです";
    NotApprovedCompany => "is not an approved company", "承認済みの企業ではありません";
    AlreadyExhibiting => "the company is already exhibiting", "この企業は既に出展しています";
    DaysOneTo31 => "must list 1 to 31 days", "日付を1〜31日分指定してください";
    ScansOneTo400 => "must list 1 to 400 scans", "スキャンを1〜400件指定してください";
    CheckInCodeCharacters => "must be a check-in code: letters, digits, - and _ only",
        "チェックインコード（英数字・-・_ のみ）を指定してください";
    SlotExists { starts_at: String } => "a slot starting at {starts_at} exists already",
        "{starts_at} に開始する時間枠は既に存在します";
    InterpreterTwoLanguages => "an interpreter speaks at least two languages",
        "通訳者の言語は2つ以上指定してください";
    EndsBeforeStarts => "must not be before starts_on", "starts_on 以降の日付を指定してください";
    AtLeastOneTable => "must name at least one table", "テーブルを1つ以上指定してください";
    TableExists { label: String } => "table {label} exists already", "テーブル {label} は既に存在します";
    NameOneRegistrant => "name one of candidate_id, company_id or buyer_id",
        "candidate_id、company_id、buyer_id のいずれかを指定してください";
    DeskNamesRegistrant => "the desk names one of candidate_id, company_id or buyer_id",
        "事務局が登録する場合は、candidate_id、company_id、buyer_id のいずれかを指定してください";
    ProfileBeforeRegistering => "create your candidate profile (POST /candidates) before registering",
        "参加登録の前に求職者プロフィールを作成してください（POST /candidates）";
    FairsNoRegistrations => "trade fairs take buyers' registrations; companies take part as exhibitors",
        "展示会の参加登録はバイヤー組織のみです（企業は出展登録で参加します）";
    RegistrationsClosed => "the event no longer takes registrations",
        "このイベントの参加登録は締め切られました";
    RegisterYourself => "you register yourself; the desk registers others",
        "参加登録はご本人が行ってください。他の方の登録は事務局が行います";
    AlreadyRegistered => "already registered for this event", "このイベントには既に登録されています";
    RegistrationNotConfirmed { status: String } => "only a confirmed registration takes part; this one is {status}",
        "参加が確定した登録のみが対象です。この登録は現在「{status}」です";
    RegistrationAlreadyCancelled => "the registration is already cancelled",
        "この参加登録はすでにキャンセルされています";
    CapacityBelowConfirmed { confirmed: i64 } => "cannot be below the {confirmed} registrations already confirmed; nobody is un-confirmed, cancel registrations first",
        "参加確定済みの{confirmed}件を下回る定員にはできません。確定済みの参加は取り消されないため、先に登録をキャンセルしてください";
    CapacityNotForTradeFairs => "trade fairs take no capacity; only job fairs, seminars and forums have seats",
        "見本市には定員を設定できません。定員はジョブフェア・セミナー・フォーラムに設定してください";
    TimeZoneUnknown => "is not an IANA time zone name such as Asia/Tokyo or Europe/Berlin",
        "Asia/Tokyo や Europe/Berlin のような IANA タイムゾーン名を指定してください";
    TimeZonePlace => "must name a place (Area/Location, such as America/New_York), not an abbreviation or a fixed offset",
        "略称や固定の時差ではなく、地域名（America/New_York のような Area/Location 形式）で指定してください";
    SlotMinutes { min: u32, max: u32 } => "must be between {min} and {max} minutes",
        "{min}〜{max}分の範囲で指定してください";
    LaterThanStart => "must be later than start", "start より後の時刻を指定してください";
    NoLeapSecond => "must be a clock time with seconds from 00 to 59",
        "秒は 00〜59 の時刻で指定してください";
    BreakInsideWindow => "must lie between the window's start and end",
        "時間帯の start から end までの間に収めてください";
    Overlaps { other: String } => "overlaps {other}", "{other} と重なっています";

    // Meetings.
    OnlyFairsTimetable => "only trade fairs have a meeting timetable",
        "商談の時間割があるのは展示会のみです";
    BookedMeanwhile => "a place was booked meanwhile; run the scheduler again",
        "処理中に別の予約が入りました。もう一度スケジューラーを実行してください";
    MeetingListsDesk => "meeting lists are the desk's", "商談一覧は事務局のみが利用できます";
    DeskAgendas => "table and interpreter agendas are the desk's",
        "テーブル別・通訳者別のアジェンダは事務局のみが利用できます";
    OneAgendaFilter => "name exactly one of company_id, buyer_id, table_id and interpreter_id",
        "company_id、buyer_id、table_id、interpreter_id のうち、いずれか1つだけを指定してください";
    OneOfCompanyBuyer => "name exactly one of company_id and buyer_id",
        "company_id と buyer_id のうち、いずれか1つだけを指定してください";
    NotSlotOfEvent { slot: String } => "{slot} is not a slot of this event",
        "{slot} はこのイベントの時間枠ではありません";
    SlotHoldsMeeting { slot: String } => "slot {slot} holds a scheduled meeting; cancel it first",
        "時間枠 {slot} には確定済みの商談があります。先にその商談をキャンセルしてください";
    DeskSchedules => "only the desk schedules meetings", "商談の日程を確定できるのは事務局のみです";
    MeetingNotSchedulable { status: String } => "a {status} meeting cannot be scheduled",
        "ステータスが {status} の商談は日程を確定できません";
    MeetingNotStartable { status: String } => "only a scheduled meeting can start; this one is {status}",
        "開始できるのは日程確定済みの商談のみです（この商談のステータスは {status} です）";
    NotSlotOfMeetingEvent => "is not a slot of this meeting's event",
        "この商談のイベントの時間枠ではありません";
    NotTableOfMeetingEvent => "is not a table of this meeting's event",
        "この商談のイベントのテーブルではありません";
    TableOrOnline => "give either table_id (on site) or mode online with a join_url, not both",
        "table_id（会場）か、mode online と join_url（オンライン）のどちらか一方を指定してください";
    OnlineNeedsJoinUrl => "an online meeting needs its join_url",
        "オンライン商談の join_url を入力してください";
    JoinUrlHttps => "must be an https link with a host and no user name or password",
        "ホスト名を含み、ユーザー名やパスワードを含まない https のリンクを入力してください";
    NotInterpreterOfMeetingEvent => "is not an interpreter of this meeting's event",
        "この商談のイベントの通訳者ではありません";
    SlotNotFree { clashes: String } => "the slot is not free for: {clashes}",
        "この時間枠は次の対象で既に埋まっています: {clashes}";
    SlotJustTaken { clashes: String } => "the slot was just taken for: {clashes}",
        "この時間枠は直前に次の対象で埋まりました: {clashes}";
    BuyerRequestsForOwn => "a buyer requests for its own organisation",
        "バイヤーは自社の組織としてのみ商談を申し込めます";
    DeskNamesBuyer => "the desk names the buyer it requests for",
        "事務局が申し込む場合は、対象のバイヤーを指定してください";
    WhoRequestsMeetings => "meetings are requested by buyers, companies and the desk",
        "商談を申し込めるのはバイヤー、企業と事務局のみです";
    RequestsAtFairs => "meetings are requested at trade fairs", "商談は展示会でのみ申し込めます";
    NotTakingRequests => "the event is not taking meeting requests",
        "このイベントは現在、商談の申し込みを受け付けていません";
    BuyerNotVerified => "the buyer organisation is not verified by the desk yet",
        "このバイヤー組織はまだ事務局による確認が済んでいません";
    CompanyNotExhibiting => "the company is not exhibiting at this event",
        "この企業はこのイベントに出展していません";
    // Two-sided matchmaking (issue 22).
    FairBuyersForExhibitors => "a fair's buyers are shown to its exhibitors and the desk",
        "展示会の来場バイヤーを閲覧できるのは、出展企業と事務局のみです";
    OwnWishesOnly => "a party's wishes and suggestions are its own members' and the desk's",
        "希望と推薦を閲覧・設定できるのは、その企業・バイヤーの担当者と事務局のみです";
    PreferencesClosed => "the fair's wishes are closed; only the desk changes them now",
        "この展示会の希望の受付は締め切られました。変更できるのは事務局のみです";
    CounterpartTwice => "names the same counterpart twice", "同じ相手が2回指定されています";
    NotARegisteredBuyer => "is not a verified buyer registered for this fair",
        "この展示会に参加登録した確認済みのバイヤーではありません";
    WishesAtFairs => "wishes and suggestions are for trade fairs",
        "希望と推薦は展示会についてのみ扱います";
    CompaniesDoNotPropose => "at this fair, companies do not propose meetings",
        "この展示会では企業から商談を提案できません";
    BuyersDoNotRequest => "at this fair, buyers do not request meetings",
        "この展示会ではバイヤーから商談を申し込めません";
    CompanyProposesForOwn => "a company proposes meetings for its own company",
        "企業は自社としてのみ商談を提案できます";
    CompanyNamesBuyer => "a company names the buyer it proposes to meet",
        "企業が商談を提案する場合は、相手のバイヤーを指定してください";
    NameTheCompany => "name the company to meet (company_id)",
        "商談相手の企業（company_id）を指定してください";
    NotPublishedCapabilityOfCompany => "is not a published capability of this company",
        "この企業の公開中の技術・製品ではありません";
    BuyerMeetingLimit { limit: i32 } => "the buyer has reached this event's limit of {limit} meetings",
        "このバイヤーは、このイベントの商談数の上限（{limit}件）に達しています";
    CompanyMeetingLimit { limit: i32 } => "the company has reached this event's limit of {limit} meetings",
        "この企業は、このイベントの商談数の上限（{limit}件）に達しています";
    NoSuchBuyer => "no such buyer organisation", "該当するバイヤー組織がありません";
    OpenRequestExists => "an open request between this buyer and company exists at this event",
        "このイベントでは、このバイヤーと企業の間に処理中の申し込みが既にあります";
    SideCannot { action: &'static str } => "your side of the meeting cannot {action} it",
        "あなたの立場では、この商談に対して「{action}」の操作はできません";
    MeetingCannotBe { status: String, action: &'static str } => "a {status} meeting cannot be {action}",
        "ステータスが {status} の商談に対して「{action}」の操作はできません";

    // Notifications.
    MessageNotRetryable { status: String } => "a {status} message is not sent again; only failed or held ones are",
        "ステータスが {status} のメッセージは再送できません。再送できるのは failed または held のみです";

    // Webhooks.
    WebhookUrl => "must be an absolute https URL with a host, of at most 2000 characters",
        "ホスト名を含む https の URL を2000文字以内で入力してください";
    WebhookHttpsOnly => "must be an https URL (plain http only where WEBHOOK_ALLOW_HTTP=true)",
        "https の URL を入力してください（http は WEBHOOK_ALLOW_HTTP=true の場合のみ使用できます）";
    WebhookPrivateAddress { address: String } => "points to {address}, a loopback, private, link-local, multicast or reserved address; webhooks go to public addresses only",
        "{address} はループバック・プライベート・リンクローカル・マルチキャストまたは予約済みのアドレスです。Webhook の送信先には公開アドレスを指定してください";
    WebhookEventTypes => "must name at least one event type, each once",
        "イベント種別を1つ以上、重複なく指定してください";
    WebhookDisabled => "the subscription is disabled; enable it first (PATCH with active: true)",
        "このサブスクリプションは無効化されています。先に有効化してください（PATCH で active: true）";
    WebhookScopeless => "your account belongs to no company or buyer organisation to subscribe for",
        "このアカウントは企業またはバイヤー組織に所属していないため、Webhook を登録できません";

    // Negotiations.
    HeldFirst => "a negotiation starts when the meeting is marked held",
        "交渉記録は、商談が実施済みになってから開始できます";
    NotReportOfMeeting => "is not a report of this meeting", "この商談の報告ではありません";
    ClosedOnRequired => "is required for a won or lost negotiation",
        "成約または不成約の交渉では必須です";
    ClosedOnOnlyClosed => "is only for a won or lost negotiation",
        "成約または不成約の交渉の場合のみ指定できます";
    AmountRequiredWon => "is required for a won negotiation", "成約の交渉では必須です";
    DeskNamesSide => "the desk names the side it reports for",
        "事務局が報告する場合は、どちらの立場の報告かを指定してください";
    EachSideReports => "each side reports for itself", "報告はそれぞれの当事者が行います";
    DeskConfirms => "only the desk confirms an outcome", "結果を確定できるのは事務局のみです";
    NegotiationRecordOwners => "the negotiation record is the company's and the desk's",
        "交渉記録を利用できるのは、企業と事務局のみです";
    ClosedCorrectedByDesk => "a closed negotiation is corrected by the desk",
        "終了した交渉の修正は事務局が行います";
    ContactLogOwners => "the contact log is the company's and the desk's",
        "連絡記録を利用できるのは、企業と事務局のみです";
    ReviewersAggregate => "reviewers read negotiations in aggregate, through /kpi",
        "審査担当者は交渉を /kpi の集計でのみ閲覧できます";
    CurrencyCode => "must be an ISO 4217 code in upper case, e.g. USD",
        "ISO 4217 の通貨コードを大文字で指定してください（例: USD）";
    RatePositive => "must be a positive decimal number of yen per unit, e.g. 149.53",
        "1単位あたりの円額を正の数で指定してください（例: 149.53）";
    RateDigits => "has too many digits (at most 12 before and 6 after the point)",
        "桁数が多すぎます（整数部12桁、小数部6桁まで）";
    TooLarge => "is too large", "値が大きすぎます";
    NotNegative => "must not be negative", "0以上の値を指定してください";
    RequiredWithAmount => "is required with amount_minor", "amount_minor を指定する場合は必須です";
    RequiredWithCurrencyRate => "is required with currency and exchange_rate",
        "currency と exchange_rate を指定する場合は必須です";
    YenRateOne => "a yen amount has no exchange rate other than 1",
        "円建ての金額の為替レートは 1 のみです";
    YenEqual => "must equal amount_minor for a yen deal",
        "円建ての取引では amount_minor と同じ値を指定してください";
    YenMismatch { computed: String } => "does not match amount_minor at the stated rate ({computed} yen)",
        "指定の為替レートによる amount_minor の換算額（{computed} 円）と一致しません";
    StateRate => "state the exchange rate (yen per unit) or amount_jpy",
        "為替レート（1単位あたりの円額）または amount_jpy を指定してください";

    // Talent.
    SalaryMaxBelowMin => "must not be below salary_min_yen", "salary_min_yen 以上の値を指定してください";
    NewPostingStatus => "a new posting is a draft or published",
        "新しい求人のステータスは draft または published です";
    UnpublishedPostings => "unpublished postings are listed for the desk and for a company's own members (with its company_id)",
        "非公開の求人を一覧表示できるのは、事務局と、company_id を指定した自社の所属メンバーのみです";
    PostingCannotBecome { from: String, to: String } => "a {from} posting cannot become {to}",
        "ステータスが {from} の求人は {to} に変更できません";
    MembersAndDeskPostJobs => "only the company's members and the desk post its jobs",
        "求人を掲載できるのは、この企業の所属メンバーと事務局のみです";
    MembersAndDeskChangePostings => "only the company's members and the desk change its postings",
        "求人を変更できるのは、この企業の所属メンバーと事務局のみです";
    CandidateProfileExists => "this account already has a candidate profile",
        "このアカウントには既に求職者プロフィールがあります";
    CandidateOrDeskChanges => "only the candidate and the desk change a candidate's data",
        "求職者のデータを変更できるのは、ご本人と事務局のみです";
    CandidateOrAdminErases => "only the candidate itself or an admin erases a candidate",
        "求職者のデータを消去できるのは、ご本人または管理者のみです";
    ProfileBeforeApplying => "create your candidate profile (POST /candidates) before applying",
        "応募の前に求職者プロフィールを作成してください（POST /candidates）";
    CandidateAppliesForItself => "a candidate applies only for itself",
        "求職者はご本人の応募のみ行えます";
    DeskNamesCandidate => "the desk names the candidate",
        "事務局が応募する場合は、対象の求職者を指定してください";
    NoSuchCandidate => "no such candidate", "該当する求職者がいません";
    NoSuchEvent => "no such event", "該当するイベントがありません";
    OpenApplicationExists => "the candidate already has an open application to this posting",
        "この求職者は、この求人に選考中の応募が既にあります";
    WhoApplies => "candidates apply for themselves; the desk applies for a candidate",
        "応募は求職者ご本人が行うか、事務局が求職者に代わって行います";
    CandidateErased => "the candidate's data was erased", "この求職者のデータは消去されています";
    OnlyPublishedTakesApplications => "only a published posting takes applications",
        "応募を受け付けるのは公開中の求人のみです";
    JobFairEvent => "must be an event of kind job_fair", "種類が job_fair のイベントを指定してください";
    HiredOnRequired => "is required for a hire", "採用の場合は必須です";
    HiredOnOnlyForHire => "is only for a hire", "採用の場合のみ指定できます";
    MayNotMoveApplication { to: String } => "you may not move an application to {to}",
        "応募のステータスを {to} に変更する権限がありません";
    ApplicationCannotBecome { from: String, to: String } => "an application that is {from} cannot become {to}",
        "ステータスが {from} の応募は {to} に変更できません";
    Consent => "must be true: the candidate's consent to the use of this data is required",
        "true を指定してください。このデータの利用には求職者ご本人の同意が必要です";
    // Surveys, the follow-up queue and the support log.
    SurveyAnswered => "this survey has been answered already; a survey link works once",
        "このアンケートは回答済みです。アンケートのリンクは1回のみ使用できます";
    SurveyFieldRequired => "is required by this survey", "このアンケートでは必須です";
    SurveyFieldNotAsked => "is not asked by this survey", "このアンケートの質問ではありません";
    QuestionRating => "How did the meeting go? (1 poor – 5 excellent)",
        "商談の評価をお選びください（1 不満 〜 5 大変満足）";
    QuestionInterpreterRating => "How helpful was the interpreter? (1–5)",
        "通訳の評価をお選びください（1〜5）";
    QuestionNextStep => "What is the next step?", "次の段取りをお選びください";
    QuestionComment => "Anything else you would like to tell us?", "その他ご意見があればご記入ください";
    QuestionOutcome => "Where does the negotiation stand?", "商談の現在の状況をお選びください";
    QuestionAmount => "The contract amount (in the currency's minor units) and its currency",
        "成約金額（通貨の最小単位）と通貨";
    QuestionExchangeRate => "Yen per one unit of the currency, or the amount in yen",
        "換算レート（1通貨単位あたりの円）または円換算額";
    QuestionClosedOn => "The day the deal was won or lost", "成約または不成約となった日";
    QuestionSatisfaction => "How satisfied were you with the event? (1–5)",
        "イベントの満足度をお選びください（1〜5）";
    QuestionWouldRecommend => "Would you recommend it to others?", "他の方にも勧めたいと思いますか";
    FollowUpNoteRequired => "a note is required when an item is closed by hand",
        "手動で完了にする場合はメモを入力してください";
    NotDeskMember => "must be an active desk or admin account",
        "有効な事務局または管理者のアカウントを指定してください";
    // Bulk imports.
    ImportMediaType => "send the file as text/csv or as an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
        "ファイルは text/csv または .xlsx（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）で送信してください";
    ImportTooLarge { max_rows: usize, max_bytes: usize } => "an import takes at most {max_rows} rows and {max_bytes} bytes; split the file",
        "一度に取り込めるのは {max_rows} 行・{max_bytes} バイトまでです。ファイルを分割してください";
    ImportUnreadable => "the file cannot be read as a CSV or an .xlsx workbook with a header row",
        "ファイルを読み込めません。見出し行のある CSV または .xlsx ファイルを送信してください";
    ImportMissingColumn { header: String } => "the file has no column {header}",
        "ファイルに列「{header}」がありません";
    ImportEventRequired => "is required for this kind of import", "この種類の取り込みでは必須です";
    ImportEventNotAllowed => "is only for exhibitors and registrations",
        "出展者と参加登録の取り込みでのみ指定できます";
    ImportRowsInvalid { rejected: usize } => "{rejected} rows are invalid; nothing was imported (see errors, or send skip_invalid=true)",
        "{rejected} 行に誤りがあるため、取り込みを行いませんでした（各行のエラーをご確認いただくか、skip_invalid=true を指定してください）";
    ImportInviteBuyersOnly => "invitations are for imported buyers only",
        "招待メールを送信できるのはバイヤーの取り込みのみです";
    CellRequired => "must not be empty", "入力してください";
    CorporateNumber => "must be a 13-digit corporate number (法人番号) with a valid check digit",
        "正しいチェックデジットの13桁の法人番号を入力してください";
    WholeNumber => "must be a whole number", "整数で入力してください";
    DuplicateRow { row: usize } => "repeats row {row} of the file", "ファイルの {row} 行目と重複しています";
    UnknownCompany => "no company with this corporate number or name", "この法人番号または会社名の企業が見つかりません";
    UnknownAccount => "no account with this e-mail address", "このメールアドレスのアカウントが見つかりません";
    AccountRegistersNothing => "this account stands for no company, buyer or candidate profile",
        "このアカウントには企業・バイヤー・求職者のいずれのプロフィールもありません";
    NameTaken => "another company already has this name", "この会社名の企業は既に登録されています";
    // The programme's books: fees, invoices, subsidies and costs.
    InvoiceCannotBe { status: String, action: &'static str } => "a {status} invoice cannot be {action}",
        "ステータスが {status} の請求書は {action} にできません";
    DueBeforeIssue => "must not be before issued_on", "issued_on 以降の日付を入力してください";
    FeeNeedsEvent => "is required for a booth, interpreter or per-meeting fee",
        "ブース・通訳・商談ごとの料金ではイベントを指定してください";
    MembershipHasNoEvent => "must be left out for the yearly membership fee",
        "年会費ではイベントを指定しないでください";
    InvoiceItemsOneTo100 => "must list 1 to 100 items", "明細は1件以上100件以下で入力してください";
    UnknownFeeSchedule => "no fee schedule with this id", "この ID の料金表が見つかりません";
    UnknownEvent => "no event with this id", "この ID のイベントが見つかりません";
    // Research briefs and the consortium (issue 24).
    BriefWriters => "research briefs are written by the desk, admins and the consortium's experts",
        "調査レポートを作成できるのは支援窓口、管理者、コンソーシアムの専門家のみです";
    BriefAuthorsDrafts => "an expert changes only its own briefs, and only while they are drafts",
        "専門家が変更できるのはご自身の下書きのレポートのみです";
    BriefPublishedAlready => "the brief is published already", "このレポートは既に公開されています";
    ForumsOnly => "only a forum links to the consortium", "コンソーシアムと関連付けられるのはフォーラムのみです";
    SpeakerExpert => "must be an active expert account", "有効な専門家アカウントを指定してください";
    NoConsortiumMember => "no consortium member with this id", "このIDのコンソーシアム会員が見つかりません";
    MemberRepeated => "names a member twice", "同じ会員が重複しています";
    MemberInForum => "the member takes part in a forum: take it off the forum first",
        "この会員はフォーラムに関連付けられています。先にフォーラムから外してください";
    // Municipalities (issue 25).
    MunicipalityCodeDigits => "must be the six digits of the local government code",
        "全国地方公共団体コードの6桁の数字を入力してください";
    MunicipalityCheckDigit => "the last digit is not the check digit of the first five",
        "検査数字（6桁目）が正しくありません。コードを確認して入力してください";
    MunicipalityCodeTaken => "a municipality with this code exists already",
        "このコードの自治体は既に登録されています";
    UnknownMunicipality => "no municipality with this id", "この ID の自治体が見つかりません";
    HostAdminsOnly => "only the host municipality's host-wide admins may do this",
        "この操作を行えるのは、ホスト自治体の全体管理者のみです";
    ScopedStaffRoles => "only admin, desk and reviewer accounts are scoped to a municipality",
        "自治体を指定できるのは admin、desk、reviewer のアカウントのみです";
    HostWideStaffOnly => "only host-wide staff may do this, not an account scoped to one municipality",
        "この操作を行えるのは全体担当の職員のみです（自治体限定のアカウントでは行えません）";
    // The council's yearly report (issue 24).
    ReportOpenAlready => "this fiscal year's report is open already", "この年度の報告書は既に作成されています";
    ReportPublishedAlready => "this fiscal year's report is published already: publish a correction instead",
        "この年度の報告書は既に公開されています。変更は訂正版として公開してください";
    ReportNotPublished => "nothing of this fiscal year's report is published yet, so there is nothing to correct",
        "この年度の報告書はまだ公開されていないため、訂正できません";
    ReportOpinionReviewers => "opinions on the report are written and signed by the council's reviewers, each their own",
        "報告書への意見を作成・署名できるのは評価委員ご本人のみです";
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::TEMPLATES;

    /// The `{name}` placeholders of a template.
    fn placeholders(template: &str) -> BTreeSet<&str> {
        template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_message_is_written_in_both_languages_with_the_same_placeholders() {
        assert!(TEMPLATES.len() > 100, "the catalogue lost its messages");
        for (name, en, ja) in TEMPLATES {
            assert!(!en.trim().is_empty(), "{name}: no English");
            assert!(!ja.trim().is_empty(), "{name}: no Japanese");
            assert!(
                !ja.is_ascii(),
                "{name}: the Japanese text {ja:?} is not Japanese"
            );
            assert_eq!(
                placeholders(en),
                placeholders(ja),
                "{name}: the two languages fill in different values"
            );
        }
    }

    #[test]
    fn no_two_messages_say_the_same_thing() {
        let mut english = HashSet::new();
        let mut japanese = HashSet::new();
        for (name, en, ja) in TEMPLATES {
            assert!(english.insert(en), "{name}: English {en:?} is said twice");
            assert!(japanese.insert(ja), "{name}: Japanese {ja:?} is said twice");
        }
    }
}
