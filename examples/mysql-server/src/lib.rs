//! A mysql-like server charm. Its leader answers every client application
//! that asked for a database in the application bag, with the password in
//! an application-owned secret granted on the relation; every unit opens
//! the configured port; the `cluster` peer relation carries what the
//! leader shares with all units (password generation, paused) in its
//! application bag, and what each unit serves in its own.
//!
//! Actions (`actions.yaml`): `rotate-password` (a new secret revision for
//! every client application, which gets `secret-changed`), `pause` and
//! `resume`. Juju lets an operator run them on any unit; each does first
//! what only the leader may, so on any other unit it fails with
//! [`iface::Error::NotLeader`] before any tool runs, and nothing is
//! committed.

mod cluster;

use iface::prelude::*;
use mysql_interface::MysqlProvides;

pub use cluster::{ClusterSettings, Member, MysqlCluster};

iface::charm! {
    metadata = "metadata.yaml",
    config = "config.yaml",
    relations { db: MysqlProvides, cluster: MysqlCluster },
    actions = "actions.yaml" { "rotate-password": rotate_password, pause: pause, resume: resume },
    handlers = [serve, provide_databases],
}

/// The configured port, checked.
fn port(config: &Config) -> iface::Result<u16> {
    u16::try_from(config.port).map_err(|_| iface::Error::Config {
        option: "port".to_owned(),
        reason: format!("{} is no TCP port (1 to 65535)", config.port),
    })
}

/// What the leader shares (one peer relation, so one conversation).
fn settings(cluster: &Cluster) -> iface::Result<ClusterSettings> {
    Ok(cluster.settings()?.into_iter().next().unwrap_or_default())
}

/// On every unit: listens on the configured port unless the application
/// is paused, tells its peers, and says how many of them serve.
#[when(Cluster::RELATED)]
pub fn serve(cluster: &Cluster, unit: &Unit, config: &Config) -> iface::Result<()> {
    apply(cluster, unit, port(config)?, &settings(cluster)?)
}

/// Makes this unit serve (or not) as `settings` say.
fn apply(
    cluster: &Cluster,
    unit: &Unit,
    port: u16,
    settings: &ClusterSettings,
) -> iface::Result<()> {
    let serving = !settings.paused;
    unit.set_ports(serving.then_some(Port::tcp(port)))?;
    cluster.announce(Member { port, serving })?;
    let peers: Vec<Member> = cluster
        .members()?
        .into_iter()
        .flatten()
        .map(|(_, member)| member)
        .collect();
    let others = peers.iter().filter(|member| member.serving).count();
    if serving {
        unit.status(
            Status::Active,
            &format!(
                "serving on {port}; {others} of {} peers serving",
                peers.len()
            ),
        )
    } else {
        unit.status(Status::Maintenance, "paused")
    }
}

/// On the leader: answers each client application that asked, with this
/// unit's address and the configured port (a new port, or a new leader,
/// is a new answer).
#[when(Db::DATABASE_REQUESTED, Cluster::RELATED)]
pub fn provide_databases(
    db: &Db,
    cluster: &Cluster,
    config: &Config,
    _leader: &Leader,
) -> iface::Result<()> {
    db.provide(port(config)?, settings(cluster)?.generation)?;
    Ok(())
}

/// The results of `rotate-password`.
#[iface::data]
pub struct Rotated {
    /// The new password generation.
    pub generation: u32,
    /// The users whose password changed, space-separated.
    pub users: String,
}

/// Action `rotate-password`: the next password generation, shared with
/// the units in the `cluster` application bag, and each client
/// application's password set to it as a new revision of its secret.
#[action]
pub fn rotate_password(db: &Db, cluster: &Cluster) -> iface::Result<Rotated> {
    let mut next = settings(cluster)?;
    next.generation += 1;
    cluster.share(next.clone())?;
    let users: Vec<String> = db.rotate(next.generation)?.into_iter().flatten().collect();
    Ok(Rotated {
        generation: next.generation,
        users: users.join(" "),
    })
}

/// Action `pause`: the application stops taking clients (its status says
/// so; every unit closes its port).
#[action]
pub fn pause(cluster: &Cluster, unit: &Unit, config: &Config) -> iface::Result<()> {
    switch(cluster, unit, config, true)
}

/// Action `resume`: the application takes clients again.
#[action]
pub fn resume(cluster: &Cluster, unit: &Unit, config: &Config) -> iface::Result<()> {
    switch(cluster, unit, config, false)
}

/// Sets the application status, shares `paused`, and applies it here
/// (the other units apply it in the `-changed` the share gives them).
fn switch(cluster: &Cluster, unit: &Unit, config: &Config, paused: bool) -> iface::Result<()> {
    if paused {
        unit.app_status(Status::Maintenance, "paused by the operator")?;
    } else {
        unit.app_status(Status::Active, "serving")?;
    }
    let next = ClusterSettings {
        paused,
        ..settings(cluster)?
    };
    cluster.share(next.clone())?;
    apply(cluster, unit, port(config)?, &next)
}
