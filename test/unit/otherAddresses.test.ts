import { isLoopbackName, isOtherLoopbackAddress } from '../../src/http/otherAddresses'

test('loopback names: localhost, *.localhost, 127.0.0.0/8 and ::1, nothing else', () => {
  for (const name of ['localhost', 'LOCALHOST', 'localhost.', 'news.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])
    expect({ name, loopback: isLoopbackName(name) }).toEqual({ name, loopback: true })
  for (const name of ['localhost.example.org', '128.0.0.1', '127.0.0.256', '10.0.0.1', '[::2]', 'example.org', '', '0.0.0.0'])
    expect({ name, loopback: isLoopbackName(name) }).toEqual({ name, loopback: false })
})

test('another loopback address of the same server: another name, the same port', () => {
  const origin = 'http://localhost:3000'
  expect(isOtherLoopbackAddress('127.0.0.1:3000', origin)).toBe(true)
  expect(isOtherLoopbackAddress('[::1]:3000', origin)).toBe(true)
  expect(isOtherLoopbackAddress('newsroom.localhost:3000', origin)).toBe(true)
  // The site's own address, another port (another server), a name that is not this computer, nonsense.
  for (const host of ['localhost:3000', 'LOCALHOST:3000', '127.0.0.1:3001', 'news.example.org:3000', 'a b', '', undefined])
    expect({ host, other: isOtherLoopbackAddress(host, origin) }).toEqual({ host, other: false })
  // A default port is the same port written or not.
  expect(isOtherLoopbackAddress('127.0.0.1', 'http://localhost')).toBe(true)
  expect(isOtherLoopbackAddress('127.0.0.1:80', 'http://localhost')).toBe(true)
  expect(isOtherLoopbackAddress('localhost:3000', 'http://127.0.0.1:3000')).toBe(true)
})
