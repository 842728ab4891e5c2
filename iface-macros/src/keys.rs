//! Attribute key names, spelt once.

/// `#[interface(name = "http")]`.
pub(crate) const NAME: &str = "name";
/// `#[interface(role = provides)]`.
pub(crate) const ROLE: &str = "role";
/// `#[interface(scope = Global)]`.
pub(crate) const SCOPE: &str = "scope";
/// `#[interface(flags(available))]`.
pub(crate) const FLAGS: &str = "flags";

/// `#[interface(sets(HttpSettings))]`.
pub(crate) const SETS: &str = "sets";
/// `#[interface(gets(HttpSettings))]`.
pub(crate) const GETS: &str = "gets";

/// Every key `#[interface]` accepts, for "expected one of" messages.
pub(crate) const INTERFACE_KEYS: [&str; 6] = [NAME, ROLE, SCOPE, FLAGS, SETS, GETS];

/// The helper attribute `#[hooks]` collects.
pub(crate) const HOOK: &str = "hook";

/// "expected one of `a`, `b`, `c`", for messages.
pub(crate) fn one_of(names: impl IntoIterator<Item = &'static str>) -> String {
    let quoted: Vec<String> = names.into_iter().map(|name| format!("`{name}`")).collect();
    format!("expected one of {}", quoted.join(", "))
}

/// ` (did you mean `x`?)` when `word` is a near miss of one of `names`.
pub(crate) fn hint(word: &str, names: impl IntoIterator<Item = &'static str>) -> String {
    iface_model::did_you_mean(word, names)
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default()
}

/// "expected one of `a`, `b`" for names known only at expansion time.
pub(crate) fn one_of_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    format!("expected one of {}", quoted.join(", "))
}

/// Which of `names` the attribute `attr` is, written bare (`#[when]`) or
/// through the facade (`#[iface::when]`).
pub(crate) fn attribute_named(
    attr: &syn::Attribute,
    names: &[&'static str],
) -> Option<&'static str> {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let last = match segments.as_slice() {
        [last] => last,
        [first, last] if first == "iface" => last,
        _ => return None,
    };
    names.iter().copied().find(|name| name == last)
}
