//! Signing one CSR: checked first with x509-parser (so that no input
//! reaches a code path that could panic), then signed with rcgen.

use rcgen::{CertificateSigningRequestParams, IsCa, Issuer};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::FromDer;

use crate::ca::Ca;

/// The certificate (PEM) for `csr_pem`, signed by `ca`, or why not, in
/// words for the requirer's `request_errors` entry.
///
/// The CSR must be one PEM `CERTIFICATE REQUEST` whose signature verifies
/// (RSA or ECDSA); the certificate is never a CA's, whatever the CSR asks,
/// and carries the CSR's subject, SANs and public key.
pub fn sign(ca: &Ca, csr_pem: &str) -> Result<String, String> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(csr_pem.as_bytes())
        .map_err(|_| "not a PEM document".to_owned())?;
    if pem.label != "CERTIFICATE REQUEST" {
        return Err(format!(
            "a PEM `{}` where a `CERTIFICATE REQUEST` was expected",
            pem.label
        ));
    }
    let (_, parsed) = X509CertificationRequest::from_der(&pem.contents)
        .map_err(|e| format!("not a certificate request: {e}"))?;
    // rcgen panics on a subject with an empty name set: refuse it first.
    if parsed
        .certification_request_info
        .subject
        .iter()
        .any(|rdn| rdn.iter().next().is_none())
    {
        return Err("the subject has an empty name set".to_owned());
    }
    let mut request = CertificateSigningRequestParams::from_der(&pem.contents.as_slice().into())
        .map_err(|e| format!("cannot sign this request: {e}"))?;
    request.params.is_ca = IsCa::ExplicitNoCa;
    request.params.use_authority_key_identifier_extension = true;
    crate::validity::set_validity(&mut request.params, 1);
    let issuer = Issuer::from_ca_cert_pem(&ca.certificate, &ca.key)
        .map_err(|e| format!("the CA certificate does not parse: {e}"))?;
    let certificate = request
        .signed_by(&issuer)
        .map_err(|e| format!("signing failed: {e}"))?;
    Ok(certificate.pem())
}
