//! The requirer side, unit mode: each unit sends its own CSRs and finds
//! its certificates in the provider's application bag.

use iface::prelude::*;

use crate::{CertificateRequest, ProviderAppData, ProviderCertificate, UnitRequests};

/// The requirer side of `tls-certificates` v4, in unit mode: each unit
/// asks for its own certificates. `{relation_name}.joined` while the
/// provider is related, `{relation_name}.available` while it has
/// answered something.
#[interface(
    name = "tls-certificates",
    role = requires,
    scope = Service,
    flags(joined, available),
    sets(UnitRequests),
    gets(ProviderAppData)
)]
pub struct TlsCertificatesRequires;

#[hooks]
impl TlsCertificatesRequires {
    #[hook("{requires:tls-certificates}-relation-joined")]
    fn joined(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::JOINED)
    }

    #[hook("{requires:tls-certificates}-relation-changed")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::JOINED)?;
        let answered = conv
            .receive::<ProviderAppData>()?
            .is_some_and(|data| !data.certificates.is_empty() || !data.request_errors.is_empty());
        conv.toggle_state(Self::AVAILABLE, answered)
    }

    #[hook("{requires:tls-certificates}-relation-departed")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        if conv.units().is_empty() {
            conv.remove_state(Self::JOINED)?;
            conv.remove_state(Self::AVAILABLE)?;
        }
        Ok(())
    }

    /// Sends this unit's CSRs (PEM each), replacing any sent before.
    pub fn request(&self, conv: &mut Conversation, csrs: Vec<String>) -> iface::Result<()> {
        conv.send(&UnitRequests {
            certificate_signing_requests: csrs
                .into_iter()
                .map(|csr| CertificateRequest {
                    certificate_signing_request: csr,
                    ca: Some(false),
                })
                .collect(),
        })
    }

    /// The provider's certificate for `csr` (matched by its PEM text, as
    /// the library matches), if it issued one and did not revoke it.
    pub fn certificate_for(
        &self,
        conv: &mut Conversation,
        csr: String,
    ) -> iface::Result<Option<ProviderCertificate>> {
        Ok(conv.receive::<ProviderAppData>()?.and_then(|data| {
            data.certificates.into_iter().find(|certificate| {
                certificate.certificate_signing_request.trim() == csr.trim()
                    && certificate.revoked != Some(true)
            })
        }))
    }

    /// Why the provider refused `csr`, if it did.
    pub fn refusal_for(
        &self,
        conv: &mut Conversation,
        csr: String,
    ) -> iface::Result<Option<String>> {
        Ok(conv.receive::<ProviderAppData>()?.and_then(|data| {
            data.request_errors
                .into_iter()
                .find(|error| error.csr.trim() == csr.trim())
                .map(|error| error.error.message)
        }))
    }
}
