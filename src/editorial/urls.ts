/** Links an editor enters (original reports, homepages) must be web addresses a reader can open. */
export function httpUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `"${value}" is not a web address: it should start with https:// or http://.`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `Only http and https links are allowed here (this one uses ${url.protocol.replace(/:$/, '')}).`
  }
  if (!url.hostname) return `"${value}" has no host name.`
  if (url.username || url.password) return 'A link must not carry a user name or password.'
  return null
}
