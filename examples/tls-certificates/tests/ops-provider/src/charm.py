#!/usr/bin/env python3
"""A tls-certificates v4 provider on the official library.

Its leader makes a CA once (kept in ops' stored state) and signs every
outstanding CSR with the library's own helpers.
"""

from datetime import timedelta

import ops
from charmlibs.interfaces.tls_certificates import (
    Certificate,
    CertificateRequestAttributes,
    PrivateKey,
    ProviderCertificate,
    TLSCertificatesProvidesV4,
)


class ProviderCharm(ops.CharmBase):
    _stored = ops.StoredState()

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self._stored.set_default(ca="", key="")
        self.certificates = TLSCertificatesProvidesV4(self, "certificates")
        framework.observe(self.on.certificates_relation_changed, self._sign)

    def _sign(self, _: ops.EventBase):
        if not self.unit.is_leader():
            return
        if not self._stored.ca:
            key = PrivateKey.generate()
            attributes = CertificateRequestAttributes(common_name="ops-provider CA", is_ca=True)
            ca = Certificate.generate_self_signed_ca(attributes, key, timedelta(days=365))
            self._stored.key, self._stored.ca = str(key), str(ca)
        key = PrivateKey.from_string(self._stored.key)
        ca = Certificate.from_string(self._stored.ca)
        for request in self.certificates.get_outstanding_certificate_requests():
            csr = request.certificate_signing_request
            certificate = csr.sign(ca=ca, ca_private_key=key, validity=timedelta(days=90))
            self.certificates.set_relation_certificate(
                ProviderCertificate(
                    relation_id=request.relation_id,
                    certificate=certificate,
                    certificate_signing_request=csr,
                    ca=ca,
                    chain=[certificate, ca],
                )
            )
        issued = len(self.certificates.get_issued_certificates())
        self.unit.status = ops.ActiveStatus(f"{issued} certificates issued")


if __name__ == "__main__":
    ops.main(ProviderCharm)
