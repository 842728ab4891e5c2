//! Checking a certificate before trusting it: signed by the CA it names,
//! that CA a CA, valid now, and for this unit's own key.

use x509_parser::pem::parse_x509_pem;
use x509_parser::prelude::{FromDer, X509Certificate};

/// Why a certificate was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected(pub String);

impl core::fmt::Display for Rejected {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The DER inside one PEM document labelled `label`.
fn der(pem: &str, label: &str, what: &str) -> Result<Vec<u8>, Rejected> {
    let (_, document) =
        parse_x509_pem(pem.as_bytes()).map_err(|_| Rejected(format!("the {what} is not PEM")))?;
    if document.label != label {
        return Err(Rejected(format!(
            "the {what} is a PEM `{}`, not a `{label}`",
            document.label
        )));
    }
    Ok(document.contents)
}

/// Checks that `certificate` (PEM) is signed by `ca` (PEM), that `ca` is a
/// CA certificate, that both are valid now, and that the certificate
/// carries `public_key` (this unit's key, as `SubjectPublicKeyInfo` DER).
/// Returns the certificate's subject.
pub fn verify(certificate: &str, ca: &str, public_key: &[u8]) -> Result<String, Rejected> {
    let certificate_der = der(certificate, "CERTIFICATE", "certificate")?;
    let ca_der = der(ca, "CERTIFICATE", "CA certificate")?;
    let (_, leaf) = X509Certificate::from_der(&certificate_der)
        .map_err(|e| Rejected(format!("the certificate does not parse: {e}")))?;
    let (_, authority) = X509Certificate::from_der(&ca_der)
        .map_err(|e| Rejected(format!("the CA certificate does not parse: {e}")))?;
    if !authority.is_ca() {
        return Err(Rejected("the CA certificate is not a CA's".to_owned()));
    }
    if leaf.is_ca() {
        return Err(Rejected("the certificate is a CA's, not a leaf".to_owned()));
    }
    leaf.verify_signature(Some(authority.public_key()))
        .map_err(|e| {
            Rejected(format!(
                "the certificate's signature does not verify against the CA: {e}"
            ))
        })?;
    if !leaf.validity().is_valid() || !authority.validity().is_valid() {
        return Err(Rejected(
            "the certificate or the CA is not valid now".to_owned(),
        ));
    }
    if leaf.public_key().raw != public_key {
        return Err(Rejected("the certificate is for another key".to_owned()));
    }
    Ok(leaf.subject().to_string())
}
