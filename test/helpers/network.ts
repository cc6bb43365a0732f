/**
 * Hosts on a real network, on this one machine: a bridge in the test's own network namespace
 * (the "database host", 10.N.0.1) and one network namespace per host, each joined to the bridge by
 * a veth pair with an address of its own (10.N.0.11, .12, …). Traffic between them crosses the
 * kernel's network stack (ARP, TCP over veth), not a socket file; cutting a host's link is a real
 * network cut. Needs root (ip netns); `available()` says whether this machine allows it.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

const run = promisify(execFile)

const ip = async (...args: string[]): Promise<void> => {
  await run('ip', args)
}

export type Host = {
  /** The network namespace the host's processes run in. */
  readonly namespace: string
  readonly address: string
  /** Runs a command inside the host's namespace: prefix a process's argv with this. */
  readonly launcher: ReadonlyArray<string>
}

export type Network = {
  /** The address of the test's own side of the bridge (where the database listens). */
  readonly gateway: string
  readonly subnet: string
  readonly hosts: ReadonlyArray<Host>
  /** Takes host `index` off the network (its link goes down): its connections stall, new ones fail. */
  cut(index: number): Promise<void>
  /** Puts it back. */
  restore(index: number): Promise<void>
  destroy(): Promise<void>
}

/** Whether this machine lets the tests make network namespaces (root, iproute2, a kernel that allows it). */
export async function networkNamespacesAvailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'the tests do not run as root'
  const probe = `nrprobe${randomBytes(3).toString('hex')}`
  try {
    await ip('netns', 'add', probe)
    await ip('netns', 'del', probe)
    return null
  } catch (error) {
    return `ip netns is not available: ${(error as Error).message.split('\n')[0]}`
  }
}

/** Makes the bridge and `count` hosts on 10.<octet>.0.0/24. */
export async function createNetwork(count: number): Promise<Network> {
  const tag = randomBytes(2).toString('hex')
  const octet = 100 + (parseInt(tag, 16) % 100)
  const bridge = `nrb${tag}`
  const gateway = `10.${octet}.0.1`
  const hosts: Host[] = []
  const links: string[] = []
  try {
    await ip('link', 'add', bridge, 'type', 'bridge')
    await ip('addr', 'add', `${gateway}/24`, 'dev', bridge)
    await ip('link', 'set', bridge, 'up')
    for (let index = 0; index < count; index += 1) {
      const namespace = `nr${tag}h${index}`
      const outside = `nr${tag}o${index}`
      const inside = `nr${tag}i${index}`
      const address = `10.${octet}.0.${11 + index}`
      await ip('netns', 'add', namespace)
      await ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside)
      links.push(outside)
      await ip('link', 'set', inside, 'netns', namespace)
      await ip('link', 'set', outside, 'master', bridge)
      await ip('link', 'set', outside, 'up')
      await ip('-n', namespace, 'link', 'set', 'lo', 'up')
      await ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', inside)
      await ip('-n', namespace, 'link', 'set', inside, 'up')
      await ip('-n', namespace, 'route', 'add', 'default', 'via', gateway)
      hosts.push({ namespace, address, launcher: ['ip', 'netns', 'exec', namespace] })
    }
  } catch (error) {
    await destroy(bridge, hosts, links)
    throw error
  }
  return {
    gateway,
    subnet: `10.${octet}.0.0/24`,
    hosts,
    cut: (index) => ip('link', 'set', links[index]!, 'down'),
    restore: (index) => ip('link', 'set', links[index]!, 'up'),
    destroy: () => destroy(bridge, hosts, links),
  }
}

async function destroy(bridge: string, hosts: ReadonlyArray<Host>, links: ReadonlyArray<string>): Promise<void> {
  for (const link of links) await ip('link', 'del', link).catch(() => undefined)
  for (const host of hosts) await ip('netns', 'del', host.namespace).catch(() => undefined)
  await ip('link', 'del', bridge).catch(() => undefined)
}
