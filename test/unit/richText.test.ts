import { paragraphs, plainText } from '../../src/editorial/richText'

describe('plainText', () => {
  test('reads paragraphs, headings, lists, quotes and inline links', () => {
    const body = [
      { type: 'h2', children: [{ text: 'What happened' }] },
      { children: [{ text: 'Hackers used ' }, { type: 'link', url: 'https://example.org', children: [{ text: 'a known flaw' }] }, { text: '.' }] },
      {
        type: 'ul',
        children: [
          { type: 'li', children: [{ text: 'Patch now' }] },
          { type: 'li', children: [{ text: 'Rotate keys' }] },
        ],
      },
      { type: 'blockquote', children: [{ text: 'We are a target', bold: true }] },
      { type: 'upload', value: { id: 'x' }, relationTo: 'media', children: [{ text: '' }] },
    ]
    expect(plainText(body)).toBe('What happened\nHackers used a known flaw.\nPatch now\nRotate keys\nWe are a target')
  })

  test('never throws on shapes it does not know', () => {
    expect(plainText(null)).toBe('')
    expect(plainText('text')).toBe('')
    expect(plainText([1, null, { children: 'x' }, { text: 'ok' }])).toBe('ok')
  })
})

describe('paragraphs', () => {
  test('one paragraph per blank-line-separated block, line breaks inside folded', () => {
    expect(paragraphs('First line\ncontinues.\n\n\nSecond.')).toEqual([{ children: [{ text: 'First line continues.' }] }, { children: [{ text: 'Second.' }] }])
  })

  test('round-trips with plainText', () => {
    expect(plainText(paragraphs('One.\n\nTwo.'))).toBe('One.\nTwo.')
  })
})
