# Ruby's Net::HTTP: N sequential check_transaction_by_md5 calls over one keep-alive connection.
#   ruby peer_ruby.rb BASE_URL TOKEN MD5 COUNT
require "net/http"
require "json"
url, token, md5, count = ARGV[0], ARGV[1], ARGV[2], ARGV[3].to_i
uri = URI(url)
body = JSON.generate({ md5: md5 })
wrong = 0
Net::HTTP.start(uri.host, uri.port) do |http|
  count.times do
    request = Net::HTTP::Post.new("/v1/check_transaction_by_md5", "Content-Type" => "application/json", "Authorization" => "Bearer #{token}")
    request.body = body
    answer = JSON.parse(http.request(request).body)
    wrong += 1 unless answer["responseCode"] == 0 && answer["data"]["amount"] == 1.5
  end
end
puts "wrong=#{wrong}"
exit(wrong.zero? ? 0 : 1)
