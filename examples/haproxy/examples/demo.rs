//! The django charm provides `website: http`; the haproxy charm requires
//! `reverseproxy: http`. Deploys both in a simulated Juju model (no Juju
//! needed), relates them, scales haproxy to two units, removes one, and
//! shows every hook that ran with what each unit read and wrote, then the
//! flags and status of each unit and the final relation data.
//!
//! Run with `cargo run -p haproxy-charm --example demo`.

use iface_sim::Simulation;

const LEGEND: &str = "\
How to read this. Juju runs a charm once per event (a \"hook\") on one
unit (a running copy of an application, e.g. haproxy/0). Related
applications talk through relation data: every unit has a small key-value
bag it writes with `relation-set`; the other side reads it with
`relation-get`. Writes count only if the hook succeeds. Below, each line
is one hook: the unit, the hook, and the remote unit it is about; then the
handlers of the charm that ran, and every hook tool it called, in order:
the relation data read and written (shown as `relation-get` prints it),
and the others with what they printed.";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut sim = Simulation::new();
    println!("{LEGEND}\n");

    println!("== deploy django (1 unit) and haproxy (1 unit), relate them");
    sim.deploy("django", &django_charm::CHARM, 1)?;
    sim.deploy("haproxy", &haproxy_charm::CHARM, 1)?;
    let relation = sim.relate("django:website", "haproxy:reverseproxy")?;
    let mark = sim.transcript().len() + 1;
    sim.settle()?;
    print!("{}", sim.transcript().since(mark));

    println!("\n== add a second haproxy unit");
    let mark = sim.transcript().len() + 1;
    sim.add_unit("haproxy")?;
    sim.settle()?;
    print!("{}", sim.transcript().since(mark));

    println!("\n== remove haproxy/0 (haproxy/1 becomes the leader)");
    let mark = sim.transcript().len() + 1;
    sim.remove_unit("haproxy/0")?;
    sim.settle()?;
    print!("{}", sim.transcript().since(mark));

    println!("\n== flags and status per unit");
    for unit in sim.units("django").into_iter().chain(sim.units("haproxy")) {
        let flags: Vec<String> = sim.flags(&unit)?.into_iter().collect();
        let status = sim.status(&unit).map_or_else(
            || "(none)".to_owned(),
            |s| format!("{}: {}", s.status, s.message),
        );
        println!("  {unit:<10} flags: [{}]", flags.join(", "));
        println!("  {:<10} status: {status}", "");
    }

    println!("\n== relation data of relation {relation} (django:website <-> haproxy:reverseproxy)");
    let mut owners = sim.units("django");
    owners.extend(sim.units("haproxy"));
    owners.push("haproxy/0 (gone; its data stays readable)".to_owned());
    for owner in owners {
        let unit = owner.split(' ').next().unwrap_or_default();
        println!("  {owner}:");
        for (key, value) in sim.relation_data(relation, unit) {
            println!("    {key}: {value}");
        }
    }
    println!(
        "\n{} hooks ran; {} failed.",
        sim.transcript().len(),
        sim.transcript().failures().count()
    );
    Ok(())
}
