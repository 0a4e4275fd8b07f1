//! The example text `promopack init` writes into a starter packet, defined once: `init` writes
//! it, and the check warns (`placeholder`) while a packet still holds any of it, so that no
//! packet goes to review with "Your Name" on its cover.

/// The person's `name`.
pub const NAME: &str = "Your Name";
/// The person's `role`.
pub const ROLE: &str = "Your current role";
/// The case's `summary`.
pub const CASE_SUMMARY: &str = "Why your work is at the target level, in a paragraph or two: the scope you work at, what you own,
and the results that show it.
";
/// The `text` of every example claim.
pub const CLAIM_TEXT: &str = "Your words: how this work meets the section's expectation at the target level, and what changed.
";
/// The example activities: id, title, and the evidence link of those that have one.
pub const ACTIVITIES: [(&str, &str, Option<&str>); 3] = [
    (
        "api-blog-post",
        "Wrote a blog post on our new API",
        Some("https://blog.example.com/your-post"),
    ),
    (
        "testing-talk",
        "Gave an internal talk on testing",
        Some("https://video.example.com/talk"),
    ),
    ("mentoring-newcomer", "Mentored a new teammate", None),
];
/// The example headline metric's id and name.
pub const METRIC: (&str, &str) = ("example-metric", "Example metric");
/// The commented example testimonial's `quote`, `name`, `role` and `relationship`.
pub const TESTIMONIAL: [&str; 4] = [
    "What they said about the work, in their words.",
    "Their name",
    "Their role",
    "How they know the work",
];
/// The commented example growth area's `area`, `done` and `next`.
pub const GROWTH: [&str; 3] = [
    "An area to grow in",
    "What you did about it this period.",
    "What comes next.",
];
/// The commented example goal's `goal` and `signal`.
pub const GOAL: [&str; 2] = ["A goal for next period.", "How you will know it was met."];
/// The commented `outcome` `init --from` writes under each goal of the last period.
pub const OUTCOME: &str = "What came of it.";

/// Whether `value` is the placeholder `text`, as written or with other line endings and
/// surrounding space.
pub fn is(value: &str, text: &str) -> bool {
    let normal = |s: &str| s.replace("\r\n", "\n").trim().to_owned();
    normal(value) == normal(text)
}
