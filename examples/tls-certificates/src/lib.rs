//! The `tls-certificates` interface, version 4, in today's dialect: the
//! data models of charm-relation-interfaces' specification (and of the
//! `charmlibs-interfaces-tls-certificates` library), one JSON document per
//! key, so that either side can be an ops charm using that library.
//!
//! | side | bag | key | value |
//! |---|---|---|---|
//! | requirer | unit (unit mode) or application (app mode) | `certificate_signing_requests` | list of [`CertificateRequest`] |
//! | provider | application | `certificates` | list of [`ProviderCertificate`], one per CSR it answered |
//! | provider | application | `request_errors` | list of [`RequestError`], one per CSR it refused |
//! | provider | application | `capabilities` | optional [`Capabilities`] |
//!
//! A provider answers every CSR of every unit (and application) of each
//! related application in its application bag, matching certificates to
//! CSRs by the CSR's PEM text. The interface holds no cryptography: the
//! charms sign and verify (see the `tls-ca` and `tls-client` examples).

mod provides;
mod requires;

pub use provides::{Request, Requests, TlsCertificatesProvides};
pub use requires::TlsCertificatesRequires;

/// What a provider publishes for each related application: the
/// library's `ProviderApplicationData`. Written by the provider's leader.
#[iface::data(app, json)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderAppData {
    /// The certificates issued, one per CSR.
    #[serde(default)]
    pub certificates: Vec<ProviderCertificate>,
    /// The CSRs refused, and why.
    #[serde(default)]
    pub request_errors: Vec<RequestError>,
    /// What the provider's certificate server supports, once it says.
    pub capabilities: Option<Capabilities>,
}

/// One issued certificate, matched to its CSR by the CSR's PEM text.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderCertificate {
    /// The CA certificate that signed it (PEM).
    pub ca: String,
    /// The CSR it answers, exactly as the requirer sent it (PEM).
    pub certificate_signing_request: String,
    /// The certificate (PEM).
    pub certificate: String,
    /// The chain, leaf first (PEM each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Vec<String>>,
    /// Whether the provider revoked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
}

/// A CSR the provider refused.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// The CSR, as the requirer sent it.
    pub csr: String,
    /// Why.
    pub error: CertificateError,
}

/// Why a CSR was refused: the library's `CertificateError`.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateError {
    /// 1xx: the CSR itself (101 IP not allowed, 102 domain not allowed,
    /// 103 wildcard not allowed); 2xx: the server (201 not available);
    /// 999: anything else.
    pub code: i64,
    /// The code's name, e.g. `OTHER`.
    pub name: String,
    /// For people.
    pub message: String,
    /// More detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The provider's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The provider's endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

impl CertificateError {
    /// The catch-all code, 999 `OTHER`, with `message`.
    pub fn other(message: impl Into<String>) -> CertificateError {
        CertificateError {
            code: 999,
            name: "OTHER".to_owned(),
            message: message.into(),
            reason: None,
            provider: None,
            endpoint: None,
        }
    }
}

/// What a provider's certificate server supports; each field `None` when
/// it does not say.
#[iface::data]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether IP addresses are accepted in SANs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_ip_sans: Option<bool>,
    /// Whether wildcard DNS names are accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_wildcard_dns: Option<bool>,
    /// Whether subdomain certificates can be issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_subdomain: Option<bool>,
    /// Whether CA certificates can be issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_ca_certificates: Option<bool>,
    /// The DNS domains certificates may name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_domains: Option<Vec<String>>,
    /// A hint such as `self-signed`, `acme` or `vault`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
}

/// One CSR a requirer sends.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRequest {
    /// The CSR (PEM).
    pub certificate_signing_request: String,
    /// Whether it asks for a CA certificate (the library requires the
    /// key, `null` included).
    #[schemars(required)]
    pub ca: Option<bool>,
}

/// What each requirer unit asks in unit mode: its unit bag.
#[iface::data(unit, json)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitRequests {
    /// The unit's CSRs.
    #[serde(default)]
    pub certificate_signing_requests: Vec<CertificateRequest>,
}

/// What a requirer application asks in app mode: its application bag,
/// written by its leader.
#[iface::data(app, json)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppRequests {
    /// The application's CSRs.
    #[serde(default)]
    pub certificate_signing_requests: Vec<CertificateRequest>,
}
