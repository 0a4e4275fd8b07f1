//! Evidence links that look internal: hosts only a company network resolves, which a
//! committee member outside it cannot open.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Name endings that only an internal network resolves, by convention or by RFC 6762 / 8375
/// and the ICANN-reserved `.internal`.
const INTERNAL_SUFFIXES: [&str; 7] = [
    "internal",
    "corp",
    "local",
    "lan",
    "intranet",
    "localhost",
    "home.arpa",
];

/// Why the host of `url` looks internal, in words for a message; `None` for a public host,
/// an address that is not a web link, or one that does not parse (`invalid-url` says so).
pub(crate) fn internal_host(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    match url.host()? {
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name.is_empty() {
                return None;
            }
            if !name.contains('.') {
                return Some(format!("`{name}` is a single-label host"));
            }
            INTERNAL_SUFFIXES
                .iter()
                .find(|suffix| name.ends_with(&format!(".{suffix}")))
                .map(|suffix| format!("`.{suffix}` names are internal"))
        }
        url::Host::Ipv4(ip) => private_v4(ip).then(|| format!("`{ip}` is a private address")),
        url::Host::Ipv6(ip) => private_v6(ip).then(|| format!("`{ip}` is a private address")),
    }
}

/// Whether an address is one a reader outside the network cannot reach: loopback, link-local,
/// private, unique-local, shared (carrier-grade NAT) or unspecified.
#[cfg(feature = "links")]
pub(crate) fn private_ip(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(ip) => private_v4(ip),
        std::net::IpAddr::V6(ip) => private_v6(ip),
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        // Shared address space (RFC 6598), carrier-grade NAT.
        || (a == 100 && (64..128).contains(&b))
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        // Unique local (fc00::/7) and link-local (fe80::/10).
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.to_ipv4_mapped().is_some_and(private_v4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intranet_hosts_and_private_addresses_look_internal() {
        for url in [
            "http://wiki/x",
            "https://WIKI./x",
            "https://docs.internal/page",
            "https://git.acme.corp/repo",
            "http://printer.local",
            "http://nas.lan/",
            "https://portal.intranet/a",
            "http://localhost:8080/",
            "http://app.localhost/",
            "http://router.home.arpa/",
            "http://10.1.2.3/x",
            "http://172.16.0.1/",
            "http://192.168.1.10/",
            "http://127.0.0.1/",
            "http://169.254.1.1/",
            "http://100.64.0.1/",
            "http://[::1]/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:192.168.0.1]/",
        ] {
            assert!(internal_host(url).is_some(), "{url} looks public");
        }
    }

    #[test]
    fn public_hosts_and_mail_do_not() {
        for url in [
            "https://example.com/post",
            "https://blog.example.co.uk/",
            "https://local.example.com/",
            "https://corp.example.com/",
            "http://8.8.8.8/",
            "http://172.32.0.1/",
            "http://100.128.0.1/",
            "http://[2001:db8::1]/",
            "mailto:someone@wiki",
            "not a url",
        ] {
            assert_eq!(internal_host(url), None, "{url}");
        }
    }
}
