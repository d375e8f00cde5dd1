//! Symbolic links in content/: loops, dangling links, links out of the knowledge base.

use super::*;

#[cfg(unix)]
#[test]
fn symlink_loop_is_a_warning_not_a_hang() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("..", site.path("content/guide/loop")).unwrap();
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/loop",
            message: "symbolic link loop",
        },
    );
}

#[cfg(unix)]
#[test]
fn self_referencing_and_dangling_symlinks_are_warnings() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("self.md", site.path("content/guide/self.md")).unwrap();
    std::os::unix::fs::symlink("gone.md", site.path("content/guide/dangling.md")).unwrap();
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/self.md",
            message: "cannot read",
        },
    );
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/dangling.md",
            message: "cannot read",
        },
    );
}

/// A link to a folder outside the knowledge base (here `/`) would make tifa
/// walk, and publish, the whole disk.
#[cfg(unix)]
#[test]
fn symlink_out_of_the_root_is_skipped() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("/", site.path("content/guide/disk")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", site.path("content/guide/host.md")).unwrap();
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/disk",
            message: "outside the knowledge base",
        },
    );
    survives(
        &site,
        Expect::Warns {
            file: "content/guide/host.md",
            message: "outside the knowledge base",
        },
    );
    assert!(!site.path("public/guide/disk").exists());
}
