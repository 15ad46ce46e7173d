/**
 * The kernel's pseudo file systems (Linux), where no run store or article belongs and where mkdir
 * misbehaves (Node's recursive mkdir spins forever on /proc/x, whose mkdir says ENOENT although
 * /proc exists). One list for the data folder and the export folder.
 */
const BY_TYPE: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1373, 'devtmpfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x19800202, 'mqueue'],
]);

/** The same places by name, for what statfs cannot tell (a container's /dev is a plain tmpfs). */
export const SPECIAL_ROOTS: readonly string[] = ['/proc', '/sys', '/dev'];

/** The pseudo file system a statfs `type` names, if it is one. */
export function specialFileSystem(type: number | bigint): string | undefined {
  return BY_TYPE.get(Number(type));
}
