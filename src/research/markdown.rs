//! A brief's Markdown, rendered to HTML that is safe to put in a page: pulldown-cmark
//! renders what the author wrote (raw HTML included, as Markdown allows), and ammonia then
//! keeps only an allow-list of tags, attributes and URL schemes, so no script, event
//! handler, style or `javascript:` link of the author's (or of someone who took over the
//! author's account) reaches a reader.

use pulldown_cmark::{html, Options, Parser};

/// `markdown` as sanitised HTML. Links get `rel="noopener noreferrer nofollow"`.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&rendered)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn markdown_becomes_html() {
        let html = to_safe_html("# 深圳のAI\n\n**Robots** and [a study](https://example.org/s).");
        assert!(html.contains("<h1>深圳のAI</h1>"), "{html}");
        assert!(html.contains("<strong>Robots</strong>"), "{html}");
        assert!(html.contains("href=\"https://example.org/s\""), "{html}");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_safe_html(
            "Hi <script>alert(1)</script>\n\n[click](javascript:alert(2)) \
             <a href=\"javascript:alert(3)\">x</a> <img src=x onerror=\"alert(4)\"> \
             <iframe src=\"https://evil.example\"></iframe>",
        );
        for banned in ["<script", "alert(1)", "javascript:", "onerror", "<iframe"] {
            assert!(!html.contains(banned), "{banned} in {html}");
        }
        assert!(html.contains("click"), "the link's text stays: {html}");
    }
}
