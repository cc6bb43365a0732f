/** A signed link with its signature's first character changed (to one it is not), as a forger would. */
export const tamperedSignature = (link: string): string => link.replace(/signature=(.)/, (_match, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`)
