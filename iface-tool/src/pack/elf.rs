//! Which architecture a binary is for, from its ELF header: the file class
//! (32 or 64 bits), byte order and `e_machine`. Twenty bytes, no crate.

use super::platform::Arch;

/// `e_machine` values (System V ABI, `elf.h`).
const EM_PPC64: u16 = 21;
const EM_S390: u16 = 22;
const EM_ARM: u16 = 40;
const EM_X86_64: u16 = 62;
const EM_AARCH64: u16 = 183;
const EM_RISCV: u16 = 243;

/// The architecture of the executable whose first bytes are `header`, or
/// why it is none Juju could run.
pub fn arch_of(header: &[u8]) -> Result<Arch, String> {
    let Some(header) = header.get(..20).filter(|h| h.starts_with(b"\x7fELF")) else {
        return Err("not an ELF executable (no ELF header)".to_owned());
    };
    let wide = match header[4] {
        1 => false,
        2 => true,
        other => return Err(format!("an ELF file of unknown class {other}")),
    };
    let read = |at: usize| {
        let bytes = [header[at], header[at + 1]];
        match header[5] {
            1 => Ok(u16::from_le_bytes(bytes)),
            2 => Ok(u16::from_be_bytes(bytes)),
            other => Err(format!("an ELF file of unknown byte order {other}")),
        }
    };
    let little = header[5] == 1;
    let (kind, machine) = (read(16)?, read(18)?);
    if !matches!(kind, 2 | 3) {
        return Err(format!("an ELF file that is no executable (e_type {kind})"));
    }
    match (machine, wide, little) {
        (EM_X86_64, true, true) => Ok(Arch::Amd64),
        (EM_AARCH64, true, true) => Ok(Arch::Arm64),
        (EM_ARM, false, true) => Ok(Arch::Armhf),
        (EM_PPC64, true, true) => Ok(Arch::Ppc64el),
        (EM_RISCV, true, true) => Ok(Arch::Riscv64),
        (EM_S390, true, false) => Ok(Arch::S390x),
        _ => Err(format!(
            "an ELF executable for machine {machine} ({}-bit, {}-endian), which is no Juju \
             architecture",
            if wide { 64 } else { 32 },
            if little { "little" } else { "big" }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 20 bytes of an ELF executable.
    fn header(class: u8, data: u8, machine: u16) -> Vec<u8> {
        let mut bytes = b"\x7fELF".to_vec();
        bytes.extend([class, data, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let (kind, machine) = if data == 2 {
            (3u16.to_be_bytes(), machine.to_be_bytes())
        } else {
            (3u16.to_le_bytes(), machine.to_le_bytes())
        };
        bytes.extend(kind);
        bytes.extend(machine);
        bytes
    }

    #[test]
    fn reads_each_juju_architecture() {
        assert_eq!(arch_of(&header(2, 1, EM_X86_64)), Ok(Arch::Amd64));
        assert_eq!(arch_of(&header(2, 1, EM_AARCH64)), Ok(Arch::Arm64));
        assert_eq!(arch_of(&header(1, 1, EM_ARM)), Ok(Arch::Armhf));
        assert_eq!(arch_of(&header(2, 1, EM_PPC64)), Ok(Arch::Ppc64el));
        assert_eq!(arch_of(&header(2, 1, EM_RISCV)), Ok(Arch::Riscv64));
        assert_eq!(arch_of(&header(2, 2, EM_S390)), Ok(Arch::S390x));
    }

    #[test]
    fn refuses_what_juju_cannot_run() {
        assert_eq!(
            arch_of(b"#!/bin/sh\nexec true\n").unwrap_err(),
            "not an ELF executable (no ELF header)"
        );
        assert_eq!(
            arch_of(&header(2, 2, EM_PPC64)).unwrap_err(),
            "an ELF executable for machine 21 (64-bit, big-endian), which is no Juju architecture"
        );
        let mut object = header(2, 1, EM_X86_64);
        object[16] = 1;
        assert_eq!(
            arch_of(&object).unwrap_err(),
            "an ELF file that is no executable (e_type 1)"
        );
    }

    #[test]
    fn reads_the_running_test_binary() {
        let me = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let expected = if cfg!(target_arch = "x86_64") {
            Arch::Amd64
        } else if cfg!(target_arch = "aarch64") {
            Arch::Arm64
        } else {
            return;
        };
        assert_eq!(arch_of(&me), Ok(expected));
    }
}
