//! Which connections may name the client: the configured proxies, as addresses or networks.

use std::net::IpAddr;

/// An address or a network (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(s: &str) -> Result<Network, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("'{s}' is not an IP address or network"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("'{s}' has no valid prefix length (0-{max})"))?,
            None => max,
        };
        Ok(Network { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX.checked_shl(32 - self.prefix as u32).unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX.checked_shl(128 - self.prefix as u32).unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The client of a request: the connection's own address, unless it comes from a trusted proxy;
/// then the last address in `X-Forwarded-For` that is not itself a trusted proxy (each proxy
/// appends the address it saw, so earlier entries are whatever the client claimed), or
/// `X-Real-IP`.
pub fn client_address(
    remote: Option<IpAddr>,
    forwarded_for: Option<&str>,
    real_ip: Option<&str>,
    trusted: &[Network],
) -> Option<IpAddr> {
    let remote = remote.map(canonical)?;
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(remote) {
        return Some(remote);
    }
    if let Some(list) = forwarded_for {
        let mut last = None;
        for part in list.rsplit(',') {
            match part.trim().parse::<IpAddr>() {
                Ok(ip) if is_trusted(ip) => {
                    last = Some(canonical(ip));
                    continue;
                }
                Ok(ip) => return Some(canonical(ip)),
                Err(_) => break,
            }
        }
        if let Some(ip) = last {
            return Some(ip);
        }
    }
    if let Some(ip) = real_ip.and_then(|r| r.trim().parse::<IpAddr>().ok()) {
        return Some(canonical(ip));
    }
    Some(remote)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_contain_their_addresses() {
        let n = Network::parse("10.0.0.0/8").unwrap();
        assert!(n.contains(ip("10.20.30.40")));
        assert!(n.contains(ip("::ffff:10.1.2.3")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(Network::parse("127.0.0.1")
            .unwrap()
            .contains(ip("127.0.0.1")));
        assert!(!Network::parse("127.0.0.1")
            .unwrap()
            .contains(ip("127.0.0.2")));
        assert!(Network::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(Network::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Network::parse("10.0.0.0/33").is_err());
        assert!(Network::parse("proxy.example").is_err());
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let none: Vec<Network> = vec![];
        let proxy = vec![Network::parse("127.0.0.1").unwrap()];
        // Straight to the server: whatever the headers say, the socket counts.
        assert_eq!(
            client_address(
                Some(ip("203.0.113.9")),
                Some("1.2.3.4"),
                Some("5.6.7.8"),
                &proxy
            ),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), None, Some("5.6.7.8"), &none),
            Some(ip("127.0.0.1"))
        );
        // Through the proxy: the address the proxy saw, not what the client put in front of it.
        assert_eq!(
            client_address(
                Some(ip("127.0.0.1")),
                Some("6.6.6.6, 198.51.100.7"),
                None,
                &proxy
            ),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), None, Some("198.51.100.8"), &proxy),
            Some(ip("198.51.100.8"))
        );
    }
}
