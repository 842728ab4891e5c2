#!/usr/bin/env python3
"""A tls-certificates v4 requirer, unit mode, on the official library.

On the library's certificate-available event it checks that the
certificate is signed by the CA it came with, and says so in its status.
"""

import ops
from charmlibs.interfaces.tls_certificates import (
    CertificateAvailableEvent,
    CertificateRequestAttributes,
    Mode,
    TLSCertificatesRequiresV4,
)
from cryptography import x509


class RequirerCharm(ops.CharmBase):
    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        name = self.unit.name.replace("/", "-")
        self.certificates = TLSCertificatesRequiresV4(
            self,
            "certificates",
            certificate_requests=[CertificateRequestAttributes(common_name=f"{name}.example")],
            mode=Mode.UNIT,
        )
        framework.observe(self.certificates.on.certificate_available, self._available)

    def _available(self, event: CertificateAvailableEvent):
        certificate = x509.load_pem_x509_certificate(str(event.certificate).encode())
        ca = x509.load_pem_x509_certificate(str(event.ca).encode())
        certificate.verify_directly_issued_by(ca)
        self.unit.status = ops.ActiveStatus(
            f"certificate-available: {event.certificate.common_name} verified"
        )


if __name__ == "__main__":
    ops.main(RequirerCharm)
