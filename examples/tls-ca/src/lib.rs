//! A self-signed CA charm: the provider side of `tls-certificates` v4.
//! Its leader answers every CSR of every related unit and application in
//! its application bag; a CSR it cannot sign gets a `request_errors`
//! entry, and one sender's bad data never costs the others their
//! certificates.

mod answer;
mod ca;
mod signing;
mod validity;

use iface::prelude::*;
use iface::relation::Leader;
use iface::secret::Secrets;
use iface::tools::Status;
use tls_certificates_interface::TlsCertificatesProvides;

pub use answer::{Limits, answer};
pub use ca::{CA_LABEL, Ca};
pub use signing::sign;

iface::charm! {
    metadata = "metadata.yaml",
    relations { certificates: TlsCertificatesProvides },
    handlers = [sign_requests],
}

/// On the leader, while any requirer is related: answers every CSR of
/// every related application, signing the new ones with the CA (created on
/// first use and kept in an application-owned secret), keeping what was
/// issued before, and dropping certificates whose CSR is gone.
#[when(Certificates::JOINED)]
pub fn sign_requests(
    certificates: &Certificates,
    secrets: &Secrets,
    leader: &Leader,
) -> iface::Result<()> {
    let ca = Ca::load_or_create(secrets)?;
    let interface = TlsCertificatesProvides;
    let notes = certificates.each(|conv| {
        let requests = interface.requests(conv)?;
        let previous = interface.issued(conv)?;
        let (answered, notes) = answer(&previous, &requests, &ca, &Limits::default());
        if answered != previous {
            interface.answer(conv, answered.clone())?;
        }
        Ok((answered.certificates.len(), notes))
    })?;
    let unit = leader.unit();
    let mut issued = 0;
    for (count, lines) in notes {
        issued += count;
        for line in lines {
            unit.log(&line)?;
        }
    }
    unit.status(Status::Active, &format!("{issued} certificates issued"))
}
