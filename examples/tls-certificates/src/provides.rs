//! The provider side: reads every CSR of each related application, one
//! sender at a time, and answers in its application bag.

use iface::prelude::*;

use crate::{AppRequests, CertificateRequest, ProviderAppData, UnitRequests};

/// The provider side of `tls-certificates` v4. One conversation per
/// related application (SERVICE scope): the answer is that application's
/// share of this application's bag.
#[interface(
    name = "tls-certificates",
    role = provides,
    scope = Service,
    flags(joined),
    sets(ProviderAppData),
    gets(UnitRequests, AppRequests)
)]
pub struct TlsCertificatesProvides;

/// One CSR a requirer sent, with who sent it.
#[iface::data]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The unit (unit mode) or application (app mode) that asked.
    pub sender: String,
    /// What it asked.
    pub request: CertificateRequest,
}

/// What one related application asks, sender by sender.
#[iface::data]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requests {
    /// The relation, `certificates:3`.
    pub relation: String,
    /// Every CSR of every sender whose data decoded.
    pub requests: Vec<Request>,
    /// Senders whose data did not decode (a CSR list that is not JSON):
    /// who, and the typed error naming relation, sender and key.
    pub unreadable: Vec<(String, String)>,
}

#[hooks]
impl TlsCertificatesProvides {
    #[hook("{provides:tls-certificates}-relation-{joined,changed}")]
    fn joined(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::JOINED)
    }

    #[hook("{provides:tls-certificates}-relation-departed")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        if conv.units().is_empty() {
            conv.remove_state(Self::JOINED)?;
        }
        Ok(())
    }

    /// Every CSR the related application sent: each unit's (unit mode)
    /// and the application's (app mode), each sender decoded on its own,
    /// so that one sender's bad data is listed in
    /// [`Requests::unreadable`] and never costs the others their answer.
    pub fn requests(&self, conv: &mut Conversation) -> iface::Result<Requests> {
        let relation = conv
            .relation_ids()?
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let mut requests = Requests {
            relation,
            ..Requests::default()
        };
        let units = conv.receive_each::<UnitRequests>()?;
        let apps = conv.receive_each::<AppRequests>()?;
        let senders = units
            .into_iter()
            .map(|r| r.map(|d| d.certificate_signing_requests))
            .chain(
                apps.into_iter()
                    .map(|r| r.map(|d| d.certificate_signing_requests)),
            );
        for received in senders {
            let sender = received.sender.clone();
            match received.into_result() {
                Ok(csrs) => requests
                    .requests
                    .extend(csrs.into_iter().flatten().map(|request| Request {
                        sender: sender.clone(),
                        request,
                    })),
                Err(error) => requests.unreadable.push((sender, error.to_string())),
            }
        }
        Ok(requests)
    }

    /// What this application has answered so far on the conversation's
    /// relation (the leader's read of its own bag, this hook's answer
    /// included); empty before the first answer.
    pub fn issued(&self, conv: &mut Conversation) -> iface::Result<ProviderAppData> {
        Ok(conv
            .published::<ProviderAppData>()?
            .into_iter()
            .find_map(|(_, data)| data)
            .unwrap_or_default())
    }

    /// Publishes the whole answer for the related application; only the
    /// leader may ([`iface::Error::NotLeader`] elsewhere).
    pub fn answer(&self, conv: &mut Conversation, data: ProviderAppData) -> iface::Result<()> {
        conv.send(&data)
    }
}
