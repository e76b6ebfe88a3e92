//! The few syscalls that have no file under /proc: used only when the root is `/`.
//! Each wrapper turns the C result into a `Result` and never panics.

use super::procfs::{Limit, LimitKind};
use std::ffi::CString;
use std::io;
use std::net::IpAddr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The `struct statvfs` fields the disk checks need, in the kernel's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FsStats {
    pub frsize: u64,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
}

/// The `struct timex` fields the clock check needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClockState {
    /// `STA_*` bits; `STA_UNSYNC` (0x40) set means the kernel clock is not synchronized.
    pub status: i64,
    /// Maximum error in microseconds, as the NTP daemon last set it and the kernel grew it.
    pub maxerror_us: i64,
}

/// The status bit meaning "clock not synchronized".
pub(crate) const STA_UNSYNC: i64 = libc::STA_UNSYNC as i64;

/// getrlimit for the current process.
pub(crate) fn rlimit(kind: LimitKind) -> io::Result<Limit> {
    let resource = match kind {
        LimitKind::OpenFiles => libc::RLIMIT_NOFILE,
        LimitKind::Processes => libc::RLIMIT_NPROC,
        LimitKind::CoreSize => libc::RLIMIT_CORE,
        LimitKind::AddressSpace => libc::RLIMIT_AS,
        LimitKind::FileSize => libc::RLIMIT_FSIZE,
    };
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, writable rlimit struct for the duration of the call.
    if unsafe { libc::getrlimit(resource, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let finite = |v: libc::rlim_t| (v != libc::RLIM_INFINITY).then_some(v);
    Ok(Limit {
        soft: finite(limit.rlim_cur),
        hard: finite(limit.rlim_max),
    })
}

/// statvfs of a path: sizes and inode counts of the filesystem holding it.
pub(crate) fn statvfs(path: &Path) -> io::Result<FsStats> {
    let c_path = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))?;
    // SAFETY: statvfs is plain old data; all-zero bytes are a valid value.
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c_path` is NUL-terminated and `stats` is writable for the call.
    if unsafe { libc::statvfs(c_path.as_ptr(), &mut stats) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(FsStats {
        frsize: stats.f_frsize,
        blocks: stats.f_blocks,
        bfree: stats.f_bfree,
        bavail: stats.f_bavail,
        files: stats.f_files,
        ffree: stats.f_ffree,
    })
}

/// adjtimex in read-only mode (`modes = 0`): the kernel's view of clock synchronisation.
pub(crate) fn adjtimex() -> io::Result<ClockState> {
    // SAFETY: timex is plain old data; all-zero bytes (modes = 0, read only) are valid.
    let mut timex: libc::timex = unsafe { std::mem::zeroed() };
    // SAFETY: `timex` is writable for the call; modes = 0 changes nothing.
    if unsafe { libc::adjtimex(&mut timex) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(ClockState {
        status: i64::from(timex.status),
        maxerror_us: timex.maxerror,
    })
}

/// The address family to ask getaddrinfo for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    V4,
    V6,
}

/// Resolves `host` with getaddrinfo restricted to one family, as the service's resolver would.
pub(crate) fn resolve(host: &str, family: Family) -> Result<Vec<IpAddr>, String> {
    let c_host = CString::new(host).map_err(|_| "host name contains a NUL byte".to_string())?;
    // SAFETY: addrinfo is plain old data; all-zero bytes are the documented empty hints.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = match family {
        Family::V4 => libc::AF_INET,
        Family::V6 => libc::AF_INET6,
    };
    hints.ai_socktype = libc::SOCK_STREAM;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid NUL-terminated host, valid hints, `list` receives an owned list.
    let code = unsafe { libc::getaddrinfo(c_host.as_ptr(), std::ptr::null(), &hints, &mut list) };
    if code != 0 {
        return Err(gai_message(code));
    }
    let addresses = collect_addresses(list);
    // SAFETY: `list` came from a successful getaddrinfo and is freed exactly once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(addresses)
}

/// Walks a getaddrinfo result list and copies out the IP addresses, without duplicates.
fn collect_addresses(list: *const libc::addrinfo) -> Vec<IpAddr> {
    let mut addresses = Vec::new();
    let mut node = list;
    while !node.is_null() {
        // SAFETY: `node` is a live element of the list getaddrinfo returned.
        let info = unsafe { &*node };
        if let Some(ip) = socket_ip(info) {
            if !addresses.contains(&ip) {
                addresses.push(ip);
            }
        }
        node = info.ai_next;
    }
    addresses
}

/// The IP of one addrinfo element, when it is IPv4 or IPv6.
fn socket_ip(info: &libc::addrinfo) -> Option<IpAddr> {
    if info.ai_addr.is_null() {
        return None;
    }
    match info.ai_family {
        libc::AF_INET => {
            // SAFETY: for AF_INET, ai_addr points to a sockaddr_in.
            let addr = unsafe { &*(info.ai_addr as *const libc::sockaddr_in) };
            Some(IpAddr::from(addr.sin_addr.s_addr.to_ne_bytes()))
        }
        libc::AF_INET6 => {
            // SAFETY: for AF_INET6, ai_addr points to a sockaddr_in6.
            let addr = unsafe { &*(info.ai_addr as *const libc::sockaddr_in6) };
            Some(IpAddr::from(addr.sin6_addr.s6_addr))
        }
        _ => None,
    }
}

/// The text of a getaddrinfo error code (`Name or service not known`).
fn gai_message(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a static NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(libc::gai_strerror(code)) };
    text.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getrlimit_soft_never_exceeds_hard() {
        let limit = rlimit(LimitKind::OpenFiles).expect("getrlimit");
        if let (Some(soft), Some(hard)) = (limit.soft, limit.hard) {
            assert!(soft <= hard);
        }
    }

    #[test]
    fn localhost_resolves_over_ipv4_to_loopback() {
        let addresses = resolve("localhost", Family::V4).expect("localhost resolves");
        assert!(
            addresses.iter().all(|ip| ip.is_ipv4() && ip.is_loopback()),
            "{addresses:?}"
        );
    }

    #[test]
    fn statvfs_of_a_missing_path_is_an_error() {
        assert!(statvfs(Path::new("/no/such/prodcheck/path")).is_err());
    }
}
