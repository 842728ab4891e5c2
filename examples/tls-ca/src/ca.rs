//! The certificate authority: a key and a self-signed certificate, made
//! once by a leader and kept in an application-owned Juju secret, so that
//! a later leader signs with the same CA.

use iface::Error;
use iface::secret::{SecretContent, SecretMeta, SecretOwner, SecretRef, Secrets};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};

/// The label of the secret that holds the CA.
pub const CA_LABEL: &str = "tls-ca";

/// A CA: its certificate (PEM) and its signing key.
#[derive(Debug)]
pub struct Ca {
    /// The CA certificate, PEM.
    pub certificate: String,
    /// The signing key.
    pub(crate) key: KeyPair,
}

impl Ca {
    /// A new CA with an ECDSA P-256 key, valid for ten years from the
    /// start of this one.
    pub fn generate() -> Result<Ca, rcgen::Error> {
        let key = KeyPair::generate()?;
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params
            .distinguished_name
            .push(DnType::CommonName, "tls-ca self-signed CA");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        crate::validity::set_validity(&mut params, 10);
        let certificate = params.self_signed(&key)?.pem();
        Ok(Ca { certificate, key })
    }

    /// The CA a secret's content holds.
    pub fn from_content(content: &SecretContent) -> iface::Result<Ca> {
        let (Some(certificate), Some(key)) =
            (content.get("certificate"), content.get("private-key"))
        else {
            return Err(Error::msg(format!(
                "secret `{CA_LABEL}` lacks `certificate` or `private-key`"
            )));
        };
        let key = KeyPair::from_pem(key)
            .map_err(|e| Error::msg(format!("secret `{CA_LABEL}`: private key: {e}")))?;
        Ok(Ca {
            certificate: certificate.to_owned(),
            key,
        })
    }

    /// The content of the secret that keeps this CA.
    pub fn content(&self) -> iface::Result<SecretContent> {
        SecretContent::new([
            ("certificate", self.certificate.clone()),
            ("private-key", self.key.serialize_pem()),
        ])
        .map_err(|e| Error::msg(format!("secret `{CA_LABEL}`: {e}")))
    }

    /// The application's CA: read from its secret, or made and kept there
    /// when there is none yet (only the leader may, which the handler that
    /// calls this already is).
    pub fn load_or_create(secrets: &Secrets) -> iface::Result<Ca> {
        match secrets.get(SecretRef::Label(CA_LABEL)) {
            Ok(content) => Ca::from_content(&content),
            Err(Error::SecretNotFound { .. }) => {
                let ca =
                    Ca::generate().map_err(|e| Error::msg(format!("cannot make the CA: {e}")))?;
                secrets.add(
                    &ca.content()?,
                    &SecretMeta {
                        owner: SecretOwner::Application,
                        label: Some(CA_LABEL.to_owned()),
                        description: Some("the CA's certificate and private key".to_owned()),
                        ..SecretMeta::default()
                    },
                )?;
                Ok(ca)
            }
            Err(error) => Err(error),
        }
    }
}
