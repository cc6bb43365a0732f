/** Draws the demo hero image locally with sharp: no stock-photo service, no network. */
import sharp from 'sharp'

/** A deterministic pseudo-random sequence, so every seed draws the same picture. */
function sequence(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

export async function drawNetworkIllustration(width = 2400, height = 1350): Promise<Buffer> {
  const random = sequence(2019)
  const nodes = Array.from({ length: 42 }, () => ({ x: Math.round(80 + random() * (width - 160)), y: Math.round(80 + random() * (height - 160)) }))
  const edges: string[] = []
  nodes.forEach((node, index) => {
    const nearest = nodes
      .map((other, otherIndex) => ({ otherIndex, distance: Math.hypot(other.x - node.x, other.y - node.y) }))
      .filter(({ otherIndex }) => otherIndex !== index)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3)
    for (const { otherIndex } of nearest) {
      const other = nodes[otherIndex]
      if (other) edges.push(`<line x1="${node.x}" y1="${node.y}" x2="${other.x}" y2="${other.y}" />`)
    }
  })
  const compromised = nodes[17] ?? { x: width / 2, y: height / 2 }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b1d33"/><stop offset="1" stop-color="#16324f"/></linearGradient>
    <radialGradient id="glow"><stop offset="0" stop-color="#ff4d4d" stop-opacity="0.9"/><stop offset="1" stop-color="#ff4d4d" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="100%" height="100%" fill="url(#sky)"/>
  <g stroke="#5fa8d3" stroke-opacity="0.45" stroke-width="3">${edges.join('')}</g>
  <g fill="#cae9ff">${nodes.map((node) => `<circle cx="${node.x}" cy="${node.y}" r="11"/>`).join('')}</g>
  <circle cx="${compromised.x}" cy="${compromised.y}" r="150" fill="url(#glow)"/>
  <circle cx="${compromised.x}" cy="${compromised.y}" r="22" fill="#ff4d4d" stroke="#ffffff" stroke-width="5"/>
</svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer()
}
