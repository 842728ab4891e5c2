//! The provider's answer to one related application: a pure function of
//! what it answered before and what is asked now, so a hostile requirer's
//! effect is bounded and testable without a deployment.

use std::collections::{BTreeMap, BTreeSet};

use tls_certificates_interface::{
    Capabilities, CertificateError, ProviderAppData, ProviderCertificate, RequestError, Requests,
};

use crate::ca::Ca;

/// What one sender may ask at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest CSR text signed, in bytes; a real one is 1 to 2 KiB.
    pub csr_bytes: usize,
    /// How many CSRs of one sender are answered.
    pub requests_per_sender: usize,
    /// How many `request_errors` entries one sender can cause, so that a
    /// flood of bad CSRs cannot fill the application bag.
    pub errors_per_sender: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            csr_bytes: 16 * 1024,
            requests_per_sender: 50,
            errors_per_sender: 8,
        }
    }
}

/// How much of a refused CSR's text its `request_errors` entry repeats
/// when the CSR is over the size limit.
const QUOTED_CSR_CHARS: usize = 256;

/// The answer for one related application, and log lines for what was
/// refused or unreadable.
///
/// A CSR answered before, by the same CA, keeps its certificate (re-signing
/// would change it every hook and wake every requirer); a new one is signed
/// with `ca` or refused with a `request_errors` entry naming why; a CSR no
/// longer asked loses its certificate. Each sender is bounded by `limits`;
/// a sender whose data did not decode is only logged.
pub fn answer(
    previous: &ProviderAppData,
    requests: &Requests,
    ca: &Ca,
    limits: &Limits,
) -> (ProviderAppData, Vec<String>) {
    let issued: BTreeMap<&str, &ProviderCertificate> = previous
        .certificates
        .iter()
        .filter(|c| c.ca == ca.certificate)
        .map(|c| (c.certificate_signing_request.as_str(), c))
        .collect();
    let mut notes: Vec<String> = requests
        .unreadable
        .iter()
        .map(|(sender, why)| format!("ignoring the requests of {sender}: {why}"))
        .collect();
    let mut answered = ProviderAppData {
        capabilities: Some(capabilities()),
        ..ProviderAppData::default()
    };
    let mut seen = BTreeSet::new();
    let mut per_sender: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for request in &requests.requests {
        let csr = request.request.certificate_signing_request.as_str();
        let (asked, refused) = per_sender.entry(request.sender.as_str()).or_default();
        *asked += 1;
        if !seen.insert(csr) {
            continue;
        }
        let outcome = if *asked > limits.requests_per_sender {
            Err(format!(
                "{} sent more than {} certificate requests",
                request.sender, limits.requests_per_sender
            ))
        } else if csr.len() > limits.csr_bytes {
            Err(format!(
                "a CSR of {} bytes is over the {}-byte limit",
                csr.len(),
                limits.csr_bytes
            ))
        } else if request.request.ca == Some(true) {
            Err("this CA issues no CA certificates".to_owned())
        } else if let Some(certificate) = issued.get(csr) {
            Ok((*certificate).clone())
        } else {
            crate::signing::sign(ca, csr).map(|certificate| ProviderCertificate {
                ca: ca.certificate.clone(),
                certificate_signing_request: csr.to_owned(),
                chain: Some(vec![certificate.clone(), ca.certificate.clone()]),
                certificate,
                revoked: None,
            })
        };
        match outcome {
            Ok(certificate) => answered.certificates.push(certificate),
            Err(why) => {
                *refused += 1;
                if *refused <= limits.errors_per_sender {
                    notes.push(format!("refused a CSR of {}: {why}", request.sender));
                    answered.request_errors.push(RequestError {
                        csr: quoted(csr, limits),
                        error: CertificateError::other(why),
                    });
                }
            }
        }
    }
    for (sender, (_, refused)) in per_sender {
        if refused > limits.errors_per_sender {
            notes.push(format!(
                "refused {refused} CSRs of {sender}; only the first {} are listed in request_errors",
                limits.errors_per_sender
            ));
        }
    }
    (answered, notes)
}

/// The CSR as its `request_errors` entry repeats it: whole, unless it is
/// over the size limit, when only its start.
fn quoted(csr: &str, limits: &Limits) -> String {
    if csr.len() <= limits.csr_bytes {
        return csr.to_owned();
    }
    csr.chars().take(QUOTED_CSR_CHARS).collect()
}

/// What this CA supports, as it advertises it.
fn capabilities() -> Capabilities {
    Capabilities {
        supports_ip_sans: Some(true),
        supports_wildcard_dns: Some(true),
        supports_ca_certificates: Some(false),
        provider_type: Some("self-signed".to_owned()),
        ..Capabilities::default()
    }
}
