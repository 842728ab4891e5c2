//! A tls-certificates v4 requirer charm, unit mode: each unit makes a
//! private key, keeps it in a unit-owned Juju secret, sends a CSR, and
//! raises `tls.verified` once its certificate arrives and verifies.
//! Removing the relation removes the key's secret and every flag.

mod verify;

use iface::prelude::*;
use iface::secret::{SecretContent, SecretMeta, SecretOwner, SecretRef, SecretUri, Secrets};
use iface::tools::Status;
use rcgen::{CertificateParams, DnType, KeyPair, PublicKeyData};
use tls_certificates_interface::TlsCertificatesRequires;

pub use verify::{Rejected, verify};

iface::charm! {
    metadata = "metadata.yaml",
    relations { certificates: TlsCertificatesRequires },
    handlers = [request_certificate, verify_certificate, forget_certificate],
}

/// Raised once this unit sent its CSR.
pub const REQUESTED: Flag = Flag::new("tls.requested");
/// Raised once this unit's certificate arrived and verified.
pub const VERIFIED: Flag = Flag::new("tls.verified");
/// The label of the unit-owned secret holding the private key.
pub const KEY_LABEL: &str = "tls-client-private-key";
/// Store keys: the CSR sent, the key secret's URI, the certificate.
const CSR: &str = "tls-client.csr";
const KEY_URI: &str = "tls-client.key-uri";
const CERTIFICATE: &str = "tls-client.certificate";

fn x509_error(what: &str) -> impl FnOnce(rcgen::Error) -> iface::Error + '_ {
    move |e| iface::Error::msg(format!("cannot {what}: {e}"))
}

/// Once related: a new ECDSA P-256 key, kept in a unit-owned secret, and a
/// CSR for this unit (`CN=<app>-<n>.example`), sent to the provider.
#[when(Certificates::JOINED)]
#[when_not(REQUESTED)]
pub fn request_certificate(
    certificates: &Certificates,
    secrets: &Secrets,
    unit: &Unit,
) -> iface::Result<()> {
    let key = KeyPair::generate().map_err(x509_error("make a private key"))?;
    let mut params = CertificateParams::new(Vec::<String>::new())
        .map_err(x509_error("describe the certificate"))?;
    let name = unit.name().replace('/', "-");
    params
        .distinguished_name
        .push(DnType::CommonName, format!("{name}.example"));
    let csr = params
        .serialize_request(&key)
        .and_then(|csr| csr.pem())
        .map_err(x509_error("make a CSR"))?;
    let content = SecretContent::new([("private-key", key.serialize_pem())])
        .map_err(|e| iface::Error::msg(format!("the private key secret: {e}")))?;
    let uri = secrets.add(
        &content,
        &SecretMeta {
            owner: SecretOwner::Unit,
            label: Some(KEY_LABEL.to_owned()),
            description: Some("this unit's TLS private key".to_owned()),
            ..SecretMeta::default()
        },
    )?;
    {
        let mut session = unit.session();
        session.set(CSR, &csr)?;
        session.set(KEY_URI, &uri.to_string())?;
    }
    certificates.request(vec![csr])?;
    unit.set_flag(REQUESTED)?;
    unit.status(Status::Waiting, "certificate requested")
}

/// Once the provider answered: this unit's certificate, checked against
/// the CA and this unit's key; `tls.verified` when it holds.
#[when(Certificates::AVAILABLE, REQUESTED)]
#[when_not(VERIFIED)]
pub fn verify_certificate(
    certificates: &Certificates,
    secrets: &Secrets,
    unit: &Unit,
) -> iface::Result<()> {
    let Some(csr) = unit.session().get::<String>(CSR)? else {
        return Ok(());
    };
    let found = certificates.certificate_for(csr.clone())?;
    let Some(issued) = found.into_iter().flatten().next() else {
        let refused = certificates.refusal_for(csr)?.into_iter().flatten().next();
        return match refused {
            Some(why) => unit.status(Status::Blocked, &format!("certificate refused: {why}")),
            None => Ok(()),
        };
    };
    let uri: SecretUri = unit
        .session()
        .get::<String>(KEY_URI)?
        .ok_or_else(|| iface::Error::msg("the private key's secret is not known"))?
        .parse()
        .map_err(|e| iface::Error::msg(format!("the private key's secret: {e}")))?;
    let content = secrets.get(SecretRef::Uri(&uri))?;
    let key = content
        .get("private-key")
        .ok_or_else(|| iface::Error::msg("the private key's secret has no `private-key`"))
        .and_then(|pem| KeyPair::from_pem(pem).map_err(x509_error("read the private key")))?;
    match verify(
        &issued.certificate,
        &issued.ca,
        &key.subject_public_key_info(),
    ) {
        Ok(subject) => {
            unit.session().set(CERTIFICATE, &issued.certificate)?;
            unit.set_flag(VERIFIED)?;
            unit.status(Status::Active, &format!("certificate verified: {subject}"))
        }
        Err(why) => unit.status(Status::Blocked, &format!("certificate rejected: {why}")),
    }
}

/// Once the provider is gone: the key's secret removed, the CSR and
/// certificate forgotten, and both flags cleared, so nothing stale is left.
#[when(REQUESTED)]
#[when_not(Certificates::JOINED)]
pub fn forget_certificate(secrets: &Secrets, unit: &Unit) -> iface::Result<()> {
    let uri = unit.session().get::<String>(KEY_URI)?;
    if let Some(uri) = uri {
        let uri: SecretUri = uri
            .parse()
            .map_err(|e| iface::Error::msg(format!("the private key's secret: {e}")))?;
        secrets.remove(&uri, None)?;
    }
    {
        let mut session = unit.session();
        for key in [CSR, KEY_URI, CERTIFICATE] {
            session.unset(key);
        }
    }
    unit.clear_flag(REQUESTED);
    unit.clear_flag(VERIFIED);
    unit.status(Status::Waiting, "no certificate provider")
}
